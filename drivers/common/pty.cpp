// posix_openpt + raw termios on the slave.
#include "common/pty.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace yiwang::drivers {

Result<PtyPair, std::string> open_raw_pty() {
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0 || grantpt(master) != 0 || unlockpt(master) != 0) {
    if (master >= 0) ::close(master);
    return fail(std::string("cannot open a pseudo-terminal"));
  }
  char name[128];
  if (ptsname_r(master, name, sizeof name) != 0) {
    ::close(master);
    return fail(std::string("ptsname failed"));
  }
  int slave = ::open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (slave < 0) {
    ::close(master);
    return fail(std::string("cannot open the pty slave"));
  }
  termios tio{};
  tcgetattr(slave, &tio);
  cfmakeraw(&tio);
  tcsetattr(slave, TCSANOW, &tio);
  return PtyPair{master, slave, name};
}

bool write_all_fd(int fd, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::size_t written = 0;
  while (written < size) {
    ssize_t n = ::write(fd, bytes + written, size - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    written += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace yiwang::drivers
