// Printer ports over a file descriptor: TCP sockets and device nodes, with poll()-timed I/O.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "receipt/printer_port.h"

namespace yiwang::drivers {

namespace {

using Clock = std::chrono::steady_clock;

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() < 0 ? 0 : static_cast<int>(left.count());
}

bool missing_errno(int e) {
  return e == ENOENT || e == ENODEV || e == ENXIO || e == ECONNREFUSED || e == EHOSTUNREACH ||
         e == ENETUNREACH;
}

class FdPort : public ByteLink {
 public:
  FdPort() = default;
  FdPort(const FdPort&) = delete;
  FdPort& operator=(const FdPort&) = delete;
  FdPort(FdPort&&) = delete;
  FdPort& operator=(FdPort&&) = delete;
  ~FdPort() override { FdPort::close(); }
  void close() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  bool is_open() const override { return fd_ >= 0; }

  Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int timeout_ms) override {
    if (fd_ < 0) return fail(LinkError{true, describe() + ": not connected"});
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
    std::size_t done = 0;
    while (done < bytes.size()) {
      pollfd p{fd_, POLLOUT, 0};
      const int ready = ::poll(&p, 1, remaining_ms(deadline));
      if (ready < 0 && errno == EINTR) continue;
      if (ready == 0) return broken(false, "write timed out (printer busy or stalled)");
      const ssize_t n = send_or_write(fd_, bytes.data() + done, bytes.size() - done);
      if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
      if (n <= 0)
        return broken(missing_errno(errno) || errno == EPIPE || errno == ECONNRESET,
                      std::string("write: ") + std::strerror(errno));
      done += static_cast<std::size_t>(n);
    }
    return Done{};
  }

  Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    if (fd_ < 0) return fail(LinkError{true, describe() + ": not connected"});
    pollfd p{fd_, POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&p, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) return std::size_t{0};
    const ssize_t n = ::read(fd_, buffer.data(), buffer.size());
    if (n < 0 && errno == EAGAIN) return std::size_t{0};
    if (n == 0) return broken(true, "printer closed the connection");
    if (n < 0) return broken(missing_errno(errno), std::string("read: ") + std::strerror(errno));
    return static_cast<std::size_t>(n);
  }

 protected:
  // MSG_NOSIGNAL on sockets so a dead peer is an error, not SIGPIPE; plain write otherwise.
  static ssize_t send_or_write(int fd, const std::uint8_t* data, std::size_t size) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == ENOTSOCK) return ::write(fd, data, size);
    return n;
  }
  Failure<LinkError> broken(bool missing, const std::string& what) {
    close();
    return fail(LinkError{missing, describe() + ": " + what});
  }
  int fd_ = -1;
};

class TcpPort final : public FdPort {
 public:
  TcpPort(std::string host, int port) : host_(std::move(host)), port_(port) {}
  std::string describe() const override { return "tcp://" + host_ + ":" + std::to_string(port_); }
  bool bidirectional() const override { return true; }

  Result<Done, LinkError> open() override {
    close();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port_);
    if (const int rc = ::getaddrinfo(host_.c_str(), service.c_str(), &hints, &found); rc != 0)
      return fail(LinkError{true, describe() + ": " + ::gai_strerror(rc)});
    std::string last = "no address";
    for (addrinfo* a = found; a != nullptr; a = a->ai_next) {
      const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
      if (fd < 0) continue;
      int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
      if (rc < 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        rc = ::poll(&p, 1, kConnectTimeoutMs) == 1 ? 0 : -1;
        int so_error = rc == 0 ? 0 : ETIMEDOUT;
        socklen_t len = sizeof so_error;
        if (rc == 0) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len);
        if (so_error != 0) {
          errno = so_error;
          rc = -1;
        }
      }
      if (rc == 0) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
        fd_ = fd;
        break;
      }
      last = std::strerror(errno);
      ::close(fd);
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) return fail(LinkError{true, describe() + ": " + last});
    return Done{};
  }

 private:
  static constexpr int kConnectTimeoutMs = 3000;
  std::string host_;
  int port_;
};

class PathPort final : public FdPort {
 public:
  explicit PathPort(std::string path) : path_(std::move(path)) {}
  std::string describe() const override { return path_; }
  bool bidirectional() const override { return bidirectional_; }

  Result<Done, LinkError> open() override {
    close();
    struct stat st {};
    const bool device = ::stat(path_.c_str(), &st) == 0 && S_ISCHR(st.st_mode);
    // usblp answers reads on bidirectional printers; a file or one-way printer only takes bytes.
    int fd = device ? ::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC) : -1;
    bidirectional_ = fd >= 0;
    if (fd < 0) {
      const int flags =
          device ? O_WRONLY | O_NONBLOCK | O_CLOEXEC : O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC;
      fd = ::open(path_.c_str(), flags, 0644);
    }
    if (fd < 0) return fail(LinkError{missing_errno(errno), path_ + ": " + std::strerror(errno)});
    fd_ = fd;
    return Done{};
  }

 private:
  std::string path_;
  bool bidirectional_ = false;
};

}  // namespace

std::unique_ptr<ByteLink> make_tcp_port(std::string host, int port) {
  return std::make_unique<TcpPort>(std::move(host), port);
}

std::unique_ptr<ByteLink> make_path_port(std::string path) {
  return std::make_unique<PathPort>(std::move(path));
}

Result<std::unique_ptr<ByteLink>, std::string> make_printer_port(const std::string& spec) {
  if (spec.rfind("tcp://", 0) == 0) {
    std::string rest = spec.substr(6);
    int port = 9100;
    if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
      try {
        port = std::stoi(rest.substr(colon + 1));
      } catch (const std::exception&) {
        return fail("bad port in " + spec);
      }
      rest.resize(colon);
    }
    if (rest.empty() || port <= 0 || port > 65535) return fail("bad printer address " + spec);
    return make_tcp_port(rest, port);
  }
  if (spec == "usb" || spec.rfind("usb:", 0) == 0) {
    unsigned vendor = 0;
    unsigned product = 0;
    if (spec != "usb" && std::sscanf(spec.c_str(), "usb:%4x:%4x", &vendor, &product) != 2)
      return fail("expected usb:VVVV:PPPP (hex ids), got " + spec);
    return make_usb_port(static_cast<std::uint16_t>(vendor), static_cast<std::uint16_t>(product));
  }
  if (spec.empty()) return fail(std::string("no printer given"));
  return make_path_port(spec);
}

std::unique_ptr<ByteLink> make_usb_port(std::uint16_t vendor_id, std::uint16_t product_id) {
  // Printer class 7; only bidirectional printers (protocol 2) answer on bulk IN.
  UsbSelector printer;
  printer.vendor = vendor_id;
  printer.product = product_id;
  printer.interface_class = 7;
  printer.in_protocol = 2;
  printer.what = "printer";
  return make_usb_bulk_link(printer);
}

}  // namespace yiwang::drivers
