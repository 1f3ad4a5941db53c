#ifndef LAMBDACTL_CLIBZIP_SHIM_H
#define LAMBDACTL_CLIBZIP_SHIM_H
#include <zip.h>
#endif
