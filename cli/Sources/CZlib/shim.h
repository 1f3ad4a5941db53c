#ifndef LAMBDACTL_CZLIB_SHIM_H
#define LAMBDACTL_CZLIB_SHIM_H
#include <zlib.h>
#endif
