// How a storage operation ended: errors are values, named by what a caller must do about them.
#pragma once

#include <string>

namespace yiwang::store {

enum class StoreErrorKind {
  none,
  diskFull,
  readOnly,
  corrupt,
  busy,
  notFound,
  alreadyExists,
  keyMissing,  // the sealing key is not there: nothing can be sealed or opened
  io
};

struct StoreStatus {
  StoreErrorKind kind = StoreErrorKind::none;
  std::string message;
  bool ok() const { return kind == StoreErrorKind::none; }
};

}  // namespace yiwang::store
