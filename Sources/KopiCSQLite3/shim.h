#ifndef KOPICSQLITE3_SHIM_H
#define KOPICSQLITE3_SHIM_H
#include <sqlite3.h>
#endif
