#ifndef BIOCAP_COPENJPEG_SHIM_H
#define BIOCAP_COPENJPEG_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <openjpeg.h>
#endif
