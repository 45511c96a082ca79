// PathSink: open, write everything, fsync, close; a short write is an error, never silent.
#include "receipt/byte_sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace yiwang::drivers {

Result<Done, SinkError> PathSink::write_job(const std::string&,
                                            std::span<const std::uint8_t> bytes) {
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const bool missing = errno == ENOENT || errno == ENODEV || errno == ENXIO;
    return fail(SinkError{missing, "open " + path_ + ": " + std::strerror(errno)});
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      SinkError error{errno == ENODEV, "write " + path_ + ": " + std::strerror(errno)};
      ::close(fd);
      return fail(error);
    }
    written += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  return Done{};
}

}  // namespace yiwang::drivers
