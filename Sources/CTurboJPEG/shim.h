#ifndef BIOCAP_CTURBOJPEG_SHIM_H
#define BIOCAP_CTURBOJPEG_SHIM_H
#include <stddef.h>
#include <stdio.h>
#include <turbojpeg.h>
#endif
