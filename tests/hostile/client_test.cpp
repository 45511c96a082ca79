// The kiosk's platform client against a hostile platform: answers too large, too deep or of the
// wrong types are "malformed" (transient), never a crash and never held whole in memory.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

#include "platform/platform_client.h"

using namespace yiwang::kiosk;

namespace {

// Answers every request on a loopback port with the bytes answer() makes (written in pieces,
// so a large one is cut off by the client long before it ends).
class HostilePlatform {
 public:
  explicit HostilePlatform(std::function<std::string()> answer) : answer_(std::move(answer)) {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    ::listen(listener_, 8);
    socklen_t size = sizeof address;
    ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~HostilePlatform() {
    ::shutdown(listener_, SHUT_RDWR);
    ::close(listener_);
    thread_.join();
  }
  HostilePlatform(const HostilePlatform&) = delete;
  HostilePlatform& operator=(const HostilePlatform&) = delete;
  PlatformClient client() const {
    return PlatformClient(
        PlatformConfig{"http://127.0.0.1:" + std::to_string(port_), "T1", true, 10000, {}});
  }
  std::size_t largest_write_accepted() const { return written_; }

 private:
  void serve() {
    while (true) {
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string request;
      char buffer[4096];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::read(connection, buffer, sizeof buffer);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      const std::string answer = answer_();
      std::size_t sent = 0;
      while (sent < answer.size()) {
        const ssize_t n = ::send(connection, answer.data() + sent,
                                 std::min<std::size_t>(65536, answer.size() - sent), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
      }
      written_ = sent;
      ::close(connection);
    }
  }
  std::function<std::string()> answer_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<std::size_t> written_{0};
  std::thread thread_;
};

std::string http_answer(const std::string& type, const std::string& body, int status = 200) {
  return "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Type: " + type +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" +
         body;
}

void check_malformed(const PlatformResult& result) {
  REQUIRE_FALSE(result);
  INFO(result.error().summary());
  CHECK(result.error().error_class == ErrorClass::transient);
  CHECK(result.error().code == "malformed_response");
}

}  // namespace

TEST_CASE("a JSON answer over 1 MiB is cut off and malformed") {
  HostilePlatform platform([] {
    return http_answer("application/json",
                       R"({"person_token": ")" + std::string(64 * 1024 * 1024, 'x') + "\"}");
  });
  auto client = platform.client();
  check_malformed(client.post("/v1/identity/verify", {{"method", "qr"}}));
  // The client stopped reading: the peer could not write the 64 MB.
  CHECK(platform.largest_write_accepted() < 32u * 1024 * 1024);
}

TEST_CASE("a document may be larger than JSON, but not over 20 MiB") {
  std::size_t size = 3 * 1024 * 1024;
  HostilePlatform platform([&] { return http_answer("application/pdf", std::string(size, '%')); });
  auto client = platform.client();
  auto fine = client.get("/v1/certificates/C1/document");
  REQUIRE(fine);
  CHECK(fine.value().document.size() == size);
  size = 21 * 1024 * 1024;
  check_malformed(client.get("/v1/certificates/C1/document"));
}

TEST_CASE("answers nested too deep or of the wrong types are malformed, errors stay errors") {
  std::string answer;
  HostilePlatform platform([&] { return answer; });
  auto client = platform.client();
  answer = http_answer("application/json", R"({"person_token": )" + std::string(300000, '[') +
                                               std::string(300000, ']') + "}");
  check_malformed(client.post("/v1/identity/verify", {{"method", "qr"}}));
  answer = http_answer("application/json", R"({"person_token": 12345})");
  check_malformed(client.post("/v1/identity/verify", {{"method", "qr"}}));
  answer = http_answer("application/json", R"({"case_id": ["HN1"]})", 201);
  check_malformed(client.post_raw("/v1/applications", "{}", "k-1"));
  answer = http_answer("application/json", R"({"config_version": "7", "commands": []})");
  check_malformed(client.post("/v1/terminals/T1/heartbeat", nlohmann::json::object()));
  answer = http_answer("application/json", R"([{"certificate_id": 7}])");
  check_malformed(client.get("/v1/certificates?person_token=p"));
  answer = http_answer("application/json", "", 201);
  check_malformed(client.post("/v1/evaluations", nlohmann::json::object(), "k-2"));
  // A problem answer nested 300 000 deep keeps its status class, and nothing crashes; one over
  // 1 MiB is malformed like any other answer.
  answer = http_answer(
      "application/problem+json",
      R"({"code": "x", "fields": )" + std::string(300000, '[') + std::string(300000, ']') + "}",
      422);
  auto refused = client.post_raw("/v1/applications", "{}", "k-3");
  REQUIRE_FALSE(refused);
  CHECK(refused.error().error_class == ErrorClass::permanent);
  answer = http_answer("application/problem+json", std::string(2 * 1024 * 1024, ' '), 422);
  check_malformed(client.post_raw("/v1/applications", "{}", "k-4"));
  // And the well-formed answer still passes.
  answer = http_answer("application/json", R"({"person_token": "p", "display_name": "张*"})");
  CHECK(client.post("/v1/identity/verify", {{"method", "qr"}}));
}
