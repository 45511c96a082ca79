// Random (version 4) UUIDs: idempotency keys of outbox entries and platform request ids.
#pragma once

#include <string>

namespace yiwang::store {

// A random (version 4) UUID.
std::string new_uuid();

}  // namespace yiwang::store
