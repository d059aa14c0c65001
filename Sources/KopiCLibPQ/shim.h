#ifndef KOPICLIBPQ_SHIM_H
#define KOPICLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
