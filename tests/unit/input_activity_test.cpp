// InputActivity (drivers/display/input_activity.h): what wakes the KMS loop. A folder of FIFOs
// stands in for /dev/input (an event node is a character device a test cannot make; a FIFO
// polls and reads the same way): input wakes it and is drained (a flood a bounded amount per
// wake), a node added later is watched, an unplugged one is dropped without spinning, a poke
// from another thread wakes it, and with nothing happening it sleeps the whole timeout.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "display/input_activity.h"

namespace fs = std::filesystem;
using yiwang::drivers::InputActivity;
using Woke = InputActivity::Woke;

namespace {

struct Folder {
  Folder() : path(fs::temp_directory_path() / ("yiwang-input-" + std::to_string(::getpid()))) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~Folder() { fs::remove_all(path); }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  // A node: a FIFO named like an event node, with its writer (the "device") open.
  int add(const std::string& name) const {
    const std::string node = (path / name).string();
    REQUIRE(::mkfifo(node.c_str(), 0600) == 0);
    const int writer = ::open(node.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    REQUIRE(writer >= 0);
    return writer;
  }
  fs::path path;
};

void type_event(int writer) {
  const char event[24] = {1};  // the size of a struct input_event on 64-bit Linux
  REQUIRE(::write(writer, event, sizeof event) == sizeof event);
}

}  // namespace

TEST_CASE("input activity: a node's input wakes the wait and is drained; nothing: the timeout") {
  Folder folder;
  const int touch = folder.add("event0");
  auto opened = InputActivity::open(folder.path.string());
  REQUIRE_MESSAGE(opened, opened.error());
  auto& activity = *opened.value();
  CHECK(activity.devices() == 1);
  CHECK(activity.wait(0) == Woke::timeout);
  type_event(touch);
  type_event(touch);
  CHECK(activity.wait(5000) == Woke::input);
  CHECK(activity.wait(20) == Woke::timeout);  // drained: the same events do not wake it again
  ::close(touch);
}

TEST_CASE("input activity: a node plugged in later is watched; one unplugged is dropped") {
  Folder folder;
  auto opened = InputActivity::open(folder.path.string());
  REQUIRE_MESSAGE(opened, opened.error());
  auto& activity = *opened.value();
  CHECK(activity.devices() == 0);
  const int keyboard = folder.add("event3");
  const int other = folder.add("mouse0");  // not an event node: SDL does not read it either
  CHECK(activity.wait(5000) == Woke::nodes);
  while (activity.wait(0) != Woke::timeout) {
  }
  CHECK(activity.devices() == 1);
  type_event(keyboard);
  CHECK(activity.wait(5000) == Woke::input);
  // The device goes away: its writer closes (a FIFO then hangs up, as an unplugged evdev node
  // does). The node is closed at once, not polled again and again.
  ::close(keyboard);
  CHECK(activity.wait(5000) == Woke::input);
  CHECK(activity.devices() == 0);
  CHECK(activity.wait(20) == Woke::timeout);
  fs::remove(folder.path / "event3");
  CHECK(activity.wait(5000) == Woke::nodes);
  CHECK(activity.devices() == 0);
  ::close(other);
}

TEST_CASE("input activity: a flooding device is read a bounded amount per wake, not to the end") {
  Folder folder;
  const int flood = folder.add("event1");
  auto opened = InputActivity::open(folder.path.string());
  REQUIRE_MESSAGE(opened, opened.error());
  auto& activity = *opened.value();
  // 1700 input events (40 KiB) waiting at once: more than one wake may read.
  const std::vector<char> events(std::size_t{1700} * 24, 1);
  REQUIRE(::write(flood, events.data(), events.size()) == static_cast<ssize_t>(events.size()));
  const auto waiting = [flood] {
    int bytes = -1;
    REQUIRE(::ioctl(flood, FIONREAD, &bytes) == 0);
    return static_cast<std::size_t>(bytes);
  };
  constexpr std::size_t kPerWake = InputActivity::kMaxReadsPerWake * InputActivity::kReadBytes;
  CHECK(activity.wait(5000) == Woke::input);
  // The loop gets its turn with the rest still there, and the rest wakes the next wait at once.
  CHECK(waiting() == events.size() - kPerWake);
  int wakes = 1;
  while (activity.wait(0) == Woke::input && wakes < 100) ++wakes;
  CHECK(wakes == static_cast<int>((events.size() + kPerWake - 1) / kPerWake));
  CHECK(waiting() == 0);
  CHECK(activity.devices() == 1);  // flooding is not hanging up: the node stays watched
  ::close(flood);
}

TEST_CASE("input activity: a poke from another thread wakes a wait with no limit") {
  Folder folder;
  auto opened = InputActivity::open(folder.path.string());
  REQUIRE_MESSAGE(opened, opened.error());
  auto& activity = *opened.value();
  std::thread poker([&activity] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    activity.poke();
  });
  CHECK(activity.wait(-1) == Woke::poke);
  poker.join();
  activity.poke();
  activity.poke();
  CHECK(activity.wait(0) == Woke::poke);
  CHECK(activity.wait(0) == Woke::timeout);  // two pokes, one wake
}

TEST_CASE("input activity: a folder that does not exist is a clear error") {
  auto opened = InputActivity::open("/nonexistent/input");
  REQUIRE_FALSE(opened);
  CHECK(opened.error().find("cannot watch /nonexistent/input") != std::string::npos);
}
