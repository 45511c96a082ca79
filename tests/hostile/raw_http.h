// A raw TCP client for hostile tests: any bytes, from any loopback source address, with
// deadlines, and the process's resident memory from /proc.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

namespace yiwang::test {

// An open TCP connection; closed on destruction.
class RawConnection {
 public:
  // Connects to 127.0.0.1:port from source (another loopback address stands for another client).
  RawConnection(int port, const std::string& source = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
      close();
      return;
    }
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(static_cast<std::uint16_t>(port));
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) != 0) close();
  }
  ~RawConnection() { close(); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  bool open() const { return fd_ >= 0; }
  // Sends all of bytes, waiting at most timeout_ms for room; false when the peer is gone or it
  // would wait longer.
  bool send(const std::string& bytes, int timeout_ms = 5000) {
    std::size_t sent = 0;
    while (fd_ >= 0 && sent < bytes.size()) {
      pollfd writable{fd_, POLLOUT, 0};
      if (::poll(&writable, 1, timeout_ms) != 1 || (writable.revents & (POLLERR | POLLHUP))) {
        return false;
      }
      const ssize_t n =
          ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n <= 0) return n < 0 && errno == EAGAIN;
      sent += static_cast<std::size_t>(n);
    }
    return fd_ >= 0;
  }
  // Reads until the peer closes, one whole answer (by Content-Length) arrived, or timeout_ms.
  std::string receive(int timeout_ms = 5000) {
    std::string data;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (fd_ >= 0) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      pollfd readable{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&readable, 1, static_cast<int>(left)) != 1) break;
      char buffer[65536];
      const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) {
        closed_by_peer_ = true;
        break;
      }
      data.append(buffer, static_cast<std::size_t>(n));
      if (complete(data)) break;
    }
    return data;
  }
  // True once the peer closed the connection (waits up to timeout_ms for it).
  bool closed_by_peer(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (fd_ >= 0 && !closed_by_peer_) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                            deadline - std::chrono::steady_clock::now())
                            .count();
      pollfd readable{fd_, POLLIN, 0};
      if (::poll(&readable, 1, static_cast<int>(std::clamp<long long>(left, 0, 100))) == 1) {
        char buffer[4096];
        if (::recv(fd_, buffer, sizeof buffer, 0) <= 0) closed_by_peer_ = true;
      }
      if (left <= 0) break;
    }
    return closed_by_peer_;
  }

 private:
  static bool complete(const std::string& data) {
    const auto end = data.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    const auto at = data.find("Content-Length: ");
    if (at == std::string::npos || at > end) return true;
    return data.size() >= end + 4 + std::strtoul(data.c_str() + at + 16, nullptr, 10);
  }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  int fd_ = -1;
  bool closed_by_peer_ = false;
};

// One HTTP answer taken apart (status 0 when nothing arrived).
struct RawAnswer {
  int status = 0;
  std::map<std::string, std::string> headers;  // names as sent
  std::string body;
  std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
};

inline RawAnswer parse_answer(const std::string& data) {
  RawAnswer answer;
  if (data.rfind("HTTP/1.1 ", 0) != 0) return answer;
  answer.status = std::atoi(data.c_str() + 9);
  const auto end = data.find("\r\n\r\n");
  std::size_t line = data.find("\r\n") + 2;
  while (end != std::string::npos && line < end) {
    const auto next = data.find("\r\n", line);
    const auto colon = data.find(": ", line);
    if (colon < next)
      answer.headers[data.substr(line, colon - line)] = data.substr(colon + 2, next - colon - 2);
    line = next + 2;
  }
  if (end != std::string::npos) answer.body = data.substr(end + 4);
  return answer;
}

// A request with a body, as a client would write it.
inline std::string http_post(const std::string& path, const std::string& body,
                             const std::map<std::string, std::string>& headers = {}) {
  std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  request += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
             "\r\n\r\n" + body;
  return request;
}

// VmRSS of a process in kB (0 when it is gone).
inline long resident_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string key;
  while (status >> key) {
    if (key == "VmRSS:") {
      long kb = 0;
      status >> kb;
      return kb;
    }
    std::getline(status, key);
  }
  return 0;
}

}  // namespace yiwang::test
