// A fixed outbox sealing key for tests (the kiosk itself makes a random one in its key file).
#pragma once

#include <string>

#include "sealing.h"

namespace yiwang::test {

inline store::SealingKey test_key(char fill = 'k') {
  return std::move(*store::SealingKey::from_bytes(std::string(store::SealingKey::kSize, fill)));
}

}  // namespace yiwang::test
