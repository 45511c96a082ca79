// bind_symbol: one function of a library opened with dlopen, typed as the caller's pointer.
#pragma once

#include <dlfcn.h>

namespace yiwang {

// Looks NAME up in LIBRARY (a dlopen handle) into TO, typed as TO's function pointer; false when
// the library lacks it (a caller binds every function it uses before the first call).
template <class F>
bool bind_symbol(void* library, const char* name, F& to) {
  to = reinterpret_cast<F>(dlsym(library, name));
  return to != nullptr;
}

}  // namespace yiwang
