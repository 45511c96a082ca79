// Pseudo-terminal pairs for device simulators: the driver opens the slave path like a real tty.
#pragma once

#include <string>

#include "common/result.h"

namespace yiwang::drivers {

struct PtyPair {
  int master_fd = -1;
  int slave_fd = -1;  // keep it open so the pty survives the driver closing its own descriptor
  std::string slave_path;
};

// A raw (no echo, no line editing) pseudo-terminal, like a UART.
Result<PtyPair, std::string> open_raw_pty();

// Writes all bytes to the master side; false if the pty went away.
bool write_all_fd(int fd, const void* data, std::size_t size);

}  // namespace yiwang::drivers
