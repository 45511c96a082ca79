// termios-based serial port: raw mode, 8N1, no flow control, poll() for timeouts.
#include "common/serial_port.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace yiwang::drivers {

namespace {

speed_t baud_constant(int baud) {
  switch (baud) {
    case 9600:
      return B9600;
    case 19200:
      return B19200;
    case 38400:
      return B38400;
    case 57600:
      return B57600;
    default:
      return B115200;
  }
}

std::string errno_text(const std::string& what) { return what + ": " + std::strerror(errno); }

}  // namespace

Result<std::unique_ptr<SerialPort>, SerialError> SerialPort::open(const std::string& path,
                                                                  int baud) {
  int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) {
    auto kind = errno == ENOENT ? SerialErrorKind::notFound : SerialErrorKind::openFailed;
    return fail(SerialError{kind, errno_text("open " + path)});
  }
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) {
    SerialError error{SerialErrorKind::openFailed, errno_text("tcgetattr " + path)};
    ::close(fd);
    return fail(error);
  }
  cfmakeraw(&tio);
  tio.c_cflag |= CLOCAL | CREAD;
  tio.c_cflag &= ~static_cast<tcflag_t>(CSTOPB | PARENB | CRTSCTS);
  cfsetispeed(&tio, baud_constant(baud));
  cfsetospeed(&tio, baud_constant(baud));
  if (tcsetattr(fd, TCSANOW, &tio) != 0) {
    SerialError error{SerialErrorKind::openFailed, errno_text("tcsetattr " + path)};
    ::close(fd);
    return fail(error);
  }
  return std::unique_ptr<SerialPort>(new SerialPort(fd));
}

SerialPort::~SerialPort() { ::close(fd_); }

Result<Done, SerialError> SerialPort::write_all(std::span<const std::uint8_t> bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd_, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EAGAIN) {
      pollfd pfd{fd_, POLLOUT, 0};
      if (::poll(&pfd, 1, 1000) <= 0) return fail(SerialError{SerialErrorKind::timeout, "write"});
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(SerialError{SerialErrorKind::disconnected, errno_text("write")});
    written += static_cast<std::size_t>(n);
  }
  return Done{};
}

Result<std::vector<std::uint8_t>, SerialError> SerialPort::read_some(int timeout_ms) {
  pollfd pfd{fd_, POLLIN, 0};
  int ready = ::poll(&pfd, 1, timeout_ms);
  if (ready < 0 && errno != EINTR) {
    return fail(SerialError{SerialErrorKind::ioError, errno_text("poll")});
  }
  if (ready <= 0) return std::vector<std::uint8_t>{};
  if (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) {
    if (!(pfd.revents & POLLIN)) {
      return fail(SerialError{SerialErrorKind::disconnected, "device hung up"});
    }
  }
  std::vector<std::uint8_t> buffer(4096);
  ssize_t n = ::read(fd_, buffer.data(), buffer.size());
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return std::vector<std::uint8_t>{};
  if (n <= 0) return fail(SerialError{SerialErrorKind::disconnected, errno_text("read")});
  buffer.resize(static_cast<std::size_t>(n));
  return buffer;
}

void SerialPort::flush_input() { tcflush(fd_, TCIFLUSH); }

}  // namespace yiwang::drivers
