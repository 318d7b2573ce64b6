#ifndef BIOCAP_CZLIB_SHIM_H
#define BIOCAP_CZLIB_SHIM_H
#include <zlib.h>
#endif
