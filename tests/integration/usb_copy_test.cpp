// The USB copy helper without a stick: the one name the kiosk may send, the tree copy that
// follows no symbolic link and copies nothing but files and folders, and the kiosk's request
// over a Unix socket answered as systemd's Accept=yes socket would have the helper answer it
// (one connection, the helper on it, a folder standing in for the mounted stick). The real
// mount on a loop device is usb-copy-loop (usb_copy_loop.sh, as root).
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/usb_copy.h"

using namespace yiwang;
namespace fs = std::filesystem;

namespace {

const std::string kName = "yiwang-bundle-T4601050001-20261201-101500";

struct Dirs {
  fs::path root = fs::temp_directory_path() / ("yiwang-usb-copy-" + std::to_string(::getpid()));
  fs::path stage = root / "stage";
  fs::path stick = root / "stick";
  Dirs() {
    fs::remove_all(root);
    fs::create_directories(stage / kName / "logs");
    fs::create_directories(stick);
    write(stage / kName / "versions.json", "{\"app\":\"1.0\"}");
    write(stage / kName / "logs" / "kiosk.log", "line one\nline two\n");
    write(root / "secret", "the outbox key");
  }
  Dirs(const Dirs&) = delete;
  Dirs& operator=(const Dirs&) = delete;
  Dirs(Dirs&&) = delete;
  Dirs& operator=(Dirs&&) = delete;
  ~Dirs() { fs::remove_all(root); }
  static void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  }
  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  bool stick_holds(const std::string& text) const {
    for (const auto& entry : fs::recursive_directory_iterator(stick))
      if (entry.is_regular_file() && read(entry.path()).find(text) != std::string::npos)
        return true;
    return false;
  }
};

// One connection accepted on a listening socket, the helper's answer written back: what
// systemd does for yiwang-usb-copy.socket (Accept=yes) with yiwang-usb-copy@.service.
std::thread serve_once(int listener, const drivers::UsbCopyConfig& config) {
  return std::thread([listener, config] {
    const int connection = ::accept(listener, nullptr, nullptr);
    if (connection < 0) return;
    std::string line;
    char c = 0;
    while (::read(connection, &c, 1) == 1 && c != '\n') line += c;
    const std::string answer = drivers::serve_usb_copy(line, config) + "\n";
    (void)!::write(connection, answer.data(), answer.size());
    ::close(connection);
  });
}

int listen_at(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  std::strncpy(address.sun_path, path.c_str(), sizeof address.sun_path - 1);
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::listen(fd, 1) == 0);
  return fd;
}

}  // namespace

TEST_CASE("the kiosk may name a bundle, and nothing else") {
  CHECK(drivers::valid_bundle_name(kName));
  CHECK(drivers::valid_bundle_name("yiwang-bundle--20261201-101500"));  // no terminal id yet
  for (const char* bad :
       {"", "yiwang-bundle-", "../etc", "yiwang-bundle-../../etc", "yiwang-bundle-a/b",
        "other-T4601050001", "yiwang-bundle-a b", "yiwang-bundle-..", "yiwang-bundle-a\nb"})
    CHECK_FALSE(drivers::valid_bundle_name(bad));
  CHECK_FALSE(drivers::valid_bundle_name("yiwang-bundle-" + std::string(200, 'a')));
}

TEST_CASE("the bundle's files and folders are copied, readable, and nothing else") {
  Dirs d;
  auto copied = drivers::copy_bundle_tree(d.stage.string(), kName, d.stick.string());
  REQUIRE_MESSAGE(copied, (copied ? "" : copied.error()));
  CHECK(copied.value() == "2 files, 31 bytes");
  CHECK(Dirs::read(d.stick / kName / "logs" / "kiosk.log") == "line one\nline two\n");
  struct stat st {};
  REQUIRE(::stat((d.stick / kName / "versions.json").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);

  SUBCASE("a symbolic link to a file is refused, never followed") {
    fs::create_symlink(d.root / "secret", d.stage / kName / "logs" / "key");
  }
  SUBCASE("a symbolic link to a folder is refused, never followed") {
    fs::create_symlink(d.root, d.stage / kName / "up");
  }
  SUBCASE("a FIFO is refused (reading it would hang the helper)") {
    REQUIRE(::mkfifo((d.stage / kName / "pipe").c_str(), 0600) == 0);
  }
  SUBCASE("the bundle folder itself a symbolic link") {
    fs::remove_all(d.stage / kName);
    fs::create_symlink(d.root, d.stage / kName);
  }
  fs::remove_all(d.stick / kName);
  auto refused = drivers::copy_bundle_tree(d.stage.string(), kName, d.stick.string());
  CHECK_FALSE(refused);
  CHECK_FALSE(d.stick_holds("the outbox key"));
}

TEST_CASE("the kiosk asks over the socket; the helper copies and answers in one line") {
  Dirs d;
  const std::string socket_path = (d.root / "copy.sock").string();
  const int listener = listen_at(socket_path);
  drivers::UsbCopyConfig config;
  config.source_dir = d.stage.string();
  config.stand_in_dir = d.stick.string();

  auto helper = serve_once(listener, config);
  auto answer = drivers::request_usb_copy(socket_path, kName, 10000);
  helper.join();
  REQUIRE_MESSAGE(answer, (answer ? "" : answer.error()));
  CHECK(answer.value() == kName + ": 2 files, 31 bytes");
  CHECK(fs::exists(d.stick / kName / "versions.json"));

  // The same bundle twice: the stick's folder exists, the copy is refused, not merged.
  helper = serve_once(listener, config);
  answer = drivers::request_usb_copy(socket_path, kName, 10000);
  helper.join();
  CHECK_FALSE(answer);

  // A name the helper refuses: nothing is copied.
  helper = serve_once(listener, config);
  answer = drivers::request_usb_copy(socket_path, "yiwang-bundle-../../x", 10000);
  helper.join();
  REQUIRE_FALSE(answer);
  CHECK(answer.error() == "not a bundle's name");
  ::close(listener);

  // No helper behind the path (the socket unit not installed): said, not waited for.
  fs::remove(socket_path);
  answer = drivers::request_usb_copy(socket_path, kName, 10000);
  REQUIRE_FALSE(answer);
  CHECK(answer.error().find("not reachable") != std::string::npos);
}

TEST_CASE("the helper's request line") {
  Dirs d;
  drivers::UsbCopyConfig config;
  config.source_dir = d.stage.string();
  config.stand_in_dir = d.stick.string();
  CHECK(drivers::serve_usb_copy("", config) == "error not a request");
  CHECK(drivers::serve_usb_copy("mount /dev/sda1", config) == "error not a request");
  CHECK(drivers::serve_usb_copy("copy /etc", config) == "error not a bundle's name");
  CHECK(drivers::serve_usb_copy("copy " + kName + "\r\n", config).rfind("ok ", 0) == 0);
}
