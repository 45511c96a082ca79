// The keypad's and the jack's evdev threads: open (the keypad grabbed, so its keys never reach
// the UI as a keyboard's), read input events, map keys and the headphone switch.
#include "keypad/tactile_keypad.h"

#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace yiwang::drivers {

KeypadKey keypad_key(std::uint16_t code, int& digit) {
  digit = -1;
  switch (code) {
    case KEY_UP:
      return KeypadKey::up;
    case KEY_DOWN:
      return KeypadKey::down;
    case KEY_LEFT:
      return KeypadKey::left;
    case KEY_RIGHT:
      return KeypadKey::right;
    case KEY_ENTER:
    case KEY_KPENTER:
    case KEY_OK:
    case KEY_SELECT:
      return KeypadKey::enter;
    case KEY_BACKSPACE:
    case KEY_BACK:
    case KEY_ESC:
      return KeypadKey::back;
    case KEY_HELP:
    case KEY_F1:
      return KeypadKey::help;
    case KEY_AUDIO:
    case KEY_F2:
      return KeypadKey::audio;
    case KEY_VOLUMEUP:
    case KEY_KPPLUS:
      return KeypadKey::volume_up;
    case KEY_VOLUMEDOWN:
    case KEY_KPMINUS:
      return KeypadKey::volume_down;
    case KEY_DISPLAYTOGGLE:
    case KEY_SCREENLOCK:
    case KEY_F3:
      return KeypadKey::blank;
    case KEY_0:
    case KEY_KP0:
      digit = 0;
      return KeypadKey::digit;
    default:
      break;
  }
  if (code >= KEY_1 && code <= KEY_9) {
    digit = code - KEY_1 + 1;
    return KeypadKey::digit;
  }
  static constexpr std::uint16_t kKeypadDigits[] = {KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4, KEY_KP5,
                                                    KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
  for (int i = 0; i < 9; ++i) {
    if (code == kKeypadDigits[i]) {
      digit = i + 1;
      return KeypadKey::digit;
    }
  }
  return KeypadKey::none;
}

Result<EvdevInputSettings, std::string> parse_keypad_spec(const std::string& spec) {
  EvdevInputSettings settings;
  settings.role = EvdevRole::keypad;
  std::string rest = spec.rfind("evdev:", 0) == 0 ? spec.substr(6) : spec;
  if (rest.rfind("usb:", 0) == 0) {
    UdevMatch match;
    match.subsystem = "input";
    match.sysname_prefix = "event";
    match.required_property = "ID_INPUT_KEY";
    if (!parse_usb_ids(rest, match)) return fail("expected usb:VVVV[:PPPP] (hex ids), got " + spec);
    settings.path = rest;
    settings.find = match;
    return settings;
  }
  if (rest.empty()) return fail(std::string("no keypad device in '") + spec + "'");
  settings.path = rest;
  return settings;
}

Result<EvdevInputSettings, std::string> parse_jack_spec(const std::string& spec) {
  EvdevInputSettings settings;
  settings.role = EvdevRole::jack;
  std::string rest = spec.rfind("evdev:", 0) == 0 ? spec.substr(6) : spec;
  if (rest == "auto") {
    UdevMatch match;
    match.subsystem = "input";
    match.sysname_prefix = "event";
    match.required_property = "ID_INPUT_SWITCH";  // a sound card's "Headphone Jack" device
    settings.path = rest;
    settings.find = match;
    return settings;
  }
  if (rest.empty()) return fail(std::string("no jack device in '") + spec + "'");
  settings.path = rest;
  return settings;
}

EvdevInput::EvdevInput(EvdevInputSettings settings, Listener listener)
    : settings_(std::move(settings)),
      listener_(std::move(listener)),
      status_(settings_.role == EvdevRole::keypad ? "keypad" : "headphones",
              settings_.role == EvdevRole::keypad ? "Keypad" : "Headphone jack") {}

EvdevInput::~EvdevInput() { stop(); }

void EvdevInput::start() {
  thread_.start([this] { run(); });
}

void EvdevInput::stop() { thread_.stop(); }

void EvdevInput::report(DeviceState state, std::string detail) {
  if (auto status = status_.change(state, std::move(detail))) {
    KeypadEvent event;
    event.kind = KeypadEvent::Kind::statusChanged;
    event.status = std::move(*status);
    listener_(std::move(event));
  }
}

void EvdevInput::run() {
  ::pthread_setname_np(::pthread_self(), settings_.role == EvdevRole::keypad ? "keypad" : "jack");
  while (thread_.running()) {
    std::string path = settings_.path;
    std::string problem;
    if (settings_.find) {
      const auto found = find_devices(*settings_.find);
      if (found.empty()) problem = "no " + settings_.path + " input device found through udev";
      if (!found.empty()) path = found.front().devnode;
    }
    int fd = -1;
    if (problem.empty()) {
      fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      if (fd < 0) problem = path + ": " + std::strerror(errno);
    }
    // A FIFO stands in for the device node in tests (the kiosk's speech journeys write
    // input_event records into it): read and mapped the same way, but it is no input device, so
    // there is nothing to grab or ask for its switches, and no keyboard of it could reach SDL.
    struct stat node {};
    const bool fifo = fd >= 0 && ::fstat(fd, &node) == 0 && S_ISFIFO(node.st_mode);
    // The keypad is grabbed: its arrows and Enter never reach SDL as a keyboard's keys.
    if (fd >= 0 && !fifo && settings_.role == EvdevRole::keypad && ::ioctl(fd, EVIOCGRAB, 1) != 0) {
      problem = path + ": cannot grab the keypad (" + std::strerror(errno) + ")";
      ::close(fd);
      fd = -1;
    }
    if (fd < 0) {
      report(DeviceState::noDevice, problem);
      thread_.sleep_ms(settings_.reconnect_ms);
      continue;
    }
    report(DeviceState::online, (fifo ? "FIFO " : "evdev ") + path);
    if (settings_.role == EvdevRole::jack && !fifo) {
      // Headphones already in when the kiosk starts count as plugged in.
      unsigned long switches[(SW_MAX + 8 * sizeof(long)) / (8 * sizeof(long))] = {};
      if (::ioctl(fd, EVIOCGSW(sizeof switches), switches) >= 0) {
        const bool in = (switches[SW_HEADPHONE_INSERT / (8 * sizeof(long))] >>
                         (SW_HEADPHONE_INSERT % (8 * sizeof(long)))) &
                        1UL;
        if (in != headphones_) {
          headphones_ = in;
          KeypadEvent event;
          event.kind = KeypadEvent::Kind::headphones;
          event.headphones = in;
          listener_(std::move(event));
        }
      }
    }
    read_until_lost(fd, path);
    ::close(fd);
  }
}

void EvdevInput::read_until_lost(int fd, const std::string& path) {
  std::vector<std::uint8_t> partial;  // events may arrive split in a byte stream
  std::uint8_t buffer[1024];
  while (thread_.running()) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {thread_.stop_fd(), POLLIN, 0}};
    const int ready = ::poll(fds, 2, 1000);
    if (fds[1].revents) return;
    if (ready < 0 && errno != EINTR) return;
    if (ready <= 0) {
      // Emulated and real removals both show as the node vanishing.
      if (::access(path.c_str(), F_OK) != 0) {
        report(DeviceState::noDevice, path + ": device node removed");
        return;
      }
      continue;
    }
    if ((fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) && !(fds[0].revents & POLLIN)) {
      report(DeviceState::noDevice, path + ": device went away");
      return;
    }
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {
      report(DeviceState::noDevice,
             path + ": " + (n == 0 ? std::string("closed") : std::strerror(errno)));
      return;
    }
    partial.insert(partial.end(), buffer, buffer + n);
    while (partial.size() >= sizeof(input_event)) {
      input_event ev{};
      std::memcpy(&ev, partial.data(), sizeof ev);
      partial.erase(partial.begin(), partial.begin() + static_cast<std::ptrdiff_t>(sizeof ev));
      KeypadEvent event;
      if (settings_.role == EvdevRole::keypad && ev.type == EV_KEY && ev.value == 1) {
        // A press (1) acts; releases (0) and autorepeat (2) do not: a held arrow moves once.
        event.key = keypad_key(ev.code, event.digit);
        if (event.key == KeypadKey::none) continue;
        listener_(std::move(event));
      } else if (settings_.role == EvdevRole::jack && ev.type == EV_SW &&
                 ev.code == SW_HEADPHONE_INSERT) {
        const bool in = ev.value != 0;
        if (in == headphones_) continue;
        headphones_ = in;
        event.kind = KeypadEvent::Kind::headphones;
        event.headphones = in;
        listener_(std::move(event));
      }
    }
  }
}

}  // namespace yiwang::drivers
