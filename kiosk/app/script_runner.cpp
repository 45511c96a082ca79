// Replaying a script: each step acts like a person (taps through hit-testing) or waits for a state.
#include <fcntl.h>
#include <linux/input.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "app/kiosk_parts.h"
#include "screens/screens.h"

namespace yiwang::kiosk {

namespace {

// Resident memory, open descriptors and threads of this process, from /proc (soak runs).
std::string process_stats() {
  std::ifstream status("/proc/self/status");
  std::string line, rss = "?", threads = "?";
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) rss = line.substr(6);
    if (line.rfind("Threads:", 0) == 0) threads = line.substr(8);
  }
  const auto trim = [](std::string text) {
    text.erase(0, text.find_first_not_of(" \t"));
    return text;
  };
  std::error_code ignored;
  long fds = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ignored);
       it != std::filesystem::directory_iterator(); it.increment(ignored))
    ++fds;
  return "rss=" + trim(rss) + " fds=" + std::to_string(fds) + " threads=" + trim(threads);
}

// A keyboard event as SDL would deliver it from a USB keyboard: "ctrl+alt+delete", "alt+f4",
// "text:abc", or "window-close" (the window manager's close request). False when not understood.
bool push_key(const std::string& combo) {
  SDL_Event event{};
  if (combo == "window-close") {
    event.type = SDL_QUIT;
    return SDL_PushEvent(&event) == 1;
  }
  if (combo.rfind("text:", 0) == 0) {
    const std::string text = combo.substr(5);
    if (text.empty() || text.size() >= sizeof event.text.text) return false;
    event.type = SDL_TEXTINPUT;
    std::memcpy(event.text.text, text.data(), text.size());
    return SDL_PushEvent(&event) == 1;
  }
  Uint16 mod = KMOD_NONE;
  std::string rest = combo;
  for (std::size_t plus; (plus = rest.find('+')) != std::string::npos;) {
    const std::string name = rest.substr(0, plus);
    rest = rest.substr(plus + 1);
    if (name == "ctrl")
      mod |= KMOD_LCTRL;
    else if (name == "alt")
      mod |= KMOD_LALT;
    else if (name == "shift")
      mod |= KMOD_LSHIFT;
    else if (name == "gui")
      mod |= KMOD_LGUI;
    else
      return false;
  }
  const SDL_Keycode key = SDL_GetKeyFromName(rest.c_str());
  if (key == SDLK_UNKNOWN) return false;
  for (Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
    event = SDL_Event{};
    event.type = type;
    event.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
    event.key.keysym.sym = key;
    event.key.keysym.scancode = SDL_GetScancodeFromKey(key);
    event.key.keysym.mod = mod;
    if (SDL_PushEvent(&event) != 1) return false;
  }
  return true;
}

// A keypad key by its script name: the Linux key code a USB numeric keypad with raised keys
// sends for it (the driver's keypad_key maps it back). 0 for a name that is no keypad key.
std::uint16_t keypad_code(const std::string& name) {
  static const std::map<std::string, std::uint16_t> kCodes = {{"up", KEY_UP},
                                                              {"down", KEY_DOWN},
                                                              {"left", KEY_LEFT},
                                                              {"right", KEY_RIGHT},
                                                              {"enter", KEY_KPENTER},
                                                              {"back", KEY_BACKSPACE},
                                                              {"help", KEY_F1},
                                                              {"audio", KEY_F2},
                                                              {"volume-up", KEY_KPPLUS},
                                                              {"volume-down", KEY_KPMINUS},
                                                              {"blank", KEY_F3},
                                                              {"0", KEY_KP0},
                                                              {"1", KEY_KP1},
                                                              {"2", KEY_KP2},
                                                              {"3", KEY_KP3},
                                                              {"4", KEY_KP4},
                                                              {"5", KEY_KP5},
                                                              {"6", KEY_KP6},
                                                              {"7", KEY_KP7},
                                                              {"8", KEY_KP8},
                                                              {"9", KEY_KP9}};
  const auto it = kCodes.find(name);
  return it == kCodes.end() ? 0 : it->second;
}

// One record as the kernel's evdev hands it to a reader.
void add_record(std::string& bytes, std::uint16_t type, std::uint16_t code, std::int32_t value) {
  input_event event{};
  ::gettimeofday(&event.time, nullptr);
  event.type = type;
  event.code = code;
  event.value = value;
  bytes.append(reinterpret_cast<const char*>(&event), sizeof event);
}

// A key pressed and let go, each followed by its report's end.
void add_key(std::string& bytes, std::uint16_t code) {
  add_record(bytes, EV_KEY, code, 1);
  add_record(bytes, EV_SYN, SYN_REPORT, 0);
  add_record(bytes, EV_KEY, code, 0);
  add_record(bytes, EV_SYN, SYN_REPORT, 0);
}

}  // namespace

bool KioskApp::Parts::write_input(bool to_keypad, const std::string& bytes, std::size_t keys,
                                  std::string& error) {
  ScriptNode& node = to_keypad ? keypad_node : jack_node;
  if (node.fd < 0) {
    const std::string& spec = to_keypad ? options.keypad : options.headphone_jack;
    auto settings = to_keypad ? drivers::parse_keypad_spec(spec) : drivers::parse_jack_spec(spec);
    struct stat info {};
    if (spec.empty() || !settings || settings.value().find ||
        ::stat(settings.value().path.c_str(), &info) != 0 || !S_ISFIFO(info.st_mode)) {
      error = std::string("the kiosk's ") + (to_keypad ? "--keypad" : "--headphone-jack") +
              " is no FIFO to write the device's events into";
      return false;
    }
    // Read and write: never blocks on a reader, and the driver never sees its writer hang up.
    node.fd = ::open(settings.value().path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (node.fd < 0) {
      error = settings.value().path + ": " + std::strerror(errno);
      return false;
    }
  }
  if (::write(node.fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) {
    error = std::string("writing the device's events: ") + std::strerror(errno);
    return false;
  }
  keys_written += keys;
  keys_written_ms = static_cast<long long>(SDL_GetTicks64());
  return true;
}

bool KioskApp::Parts::keys_arrived(long long now) {
  if (keys_handled >= keys_written) return true;
  if (now - keys_written_ms > 10000) {
    fail_script("the driver delivered " + std::to_string(keys_handled) + " of the " +
                std::to_string(keys_written) + " keys written");
  }
  return false;
}

void KioskApp::Parts::fail_script(const std::string& why) {
  const ScriptStep& s = script[step];
  logger->error("script",
                "line " + std::to_string(s.line) + " (" + s.verb + " " + s.argument + "): " + why);
  screenshot("failure");
  exit_code = 1;
  quit = true;
}

bool KioskApp::Parts::pick_candidate(const std::string& text) {
  for (const auto& widget : frame.widgets()) {
    if (widget.kind == ui::Widget::Kind::button && widget.id.rfind("ime.cand:", 0) == 0 &&
        widget.text == text) {
      tap(widget.id);
      return true;
    }
  }
  const ui::Widget* next = frame.find("ime.page:+");
  if (next && next->enabled) tap(next->id);
  return false;
}

bool KioskApp::Parts::set_date(const std::string& target) {
  // As a resident would: tens of years, then years, months and days, one tap at a time.
  for (int taps = 0; taps < 400; ++taps) {
    stack.build(flow->model(), i18n, frame);
    const ui::DatePickerView& date = flow->model().date;
    if (date.shown.size() != 10 || target.size() != 10) return false;
    const int years = std::atoi(target.substr(0, 4).c_str()) - std::atoi(date.shown.c_str());
    const int months =
        std::atoi(target.substr(5, 2).c_str()) - std::atoi(date.shown.substr(5, 2).c_str());
    const int days =
        std::atoi(target.substr(8, 2).c_str()) - std::atoi(date.shown.substr(8, 2).c_str());
    std::string stepper;
    if (years >= 10)
      stepper = "y+10";
    else if (years <= -10)
      stepper = "y-10";
    else if (years != 0)
      stepper = years > 0 ? "y+" : "y-";
    else if (months != 0)
      stepper = months > 0 ? "m+" : "m-";
    else if (days != 0)
      stepper = days > 0 ? "d+" : "d-";
    else if (!date.chosen)
      stepper = "ok";
    else
      return true;
    if (!frame.find("date:" + stepper)) return false;
    tap("date:" + stepper);
  }
  return false;
}

bool KioskApp::Parts::draw_strokes(const std::string& path, const std::string& pad_id, int box_w,
                                   int box_h, std::string& error) {
  std::filesystem::path file(path);
  if (file.is_relative()) file = std::filesystem::path(options.script).parent_path() / file;
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  auto strokes = parse_strokes(text);
  if (!in || !strokes) {
    error = "cannot read strokes from " + file.string() + (strokes ? "" : ": " + strokes.error());
    return false;
  }
  const ui::Widget* pad = frame.find(pad_id);
  if (!pad) {
    error = "no " + pad_id + " pad on this screen";
    return false;
  }
  // The file's box onto the pad; each stroke a finger down, moving, and up.
  const auto at = static_cast<long long>(SDL_GetTicks64());
  for (const auto& stroke : strokes.value()) {
    for (std::size_t i = 0; i < stroke.size(); ++i) {
      const int x = pad->rect.x + stroke[i].x * pad->rect.w / box_w;
      const int y = pad->rect.y + stroke[i].y * pad->rect.h / box_h;
      touches.push_back({i == 0, i != 0, x, y, at});
      if (i + 1 == stroke.size()) touches.push_back({false, false, x, y, at});
    }
  }
  return true;
}

void KioskApp::Parts::run_script() {
  while (!quit && step < script.size()) {
    const ScriptStep& s = script[step];
    const auto now = static_cast<long long>(SDL_GetTicks64());
    if (step_started_ms == 0) {
      step_started_ms = now;
      step_wrote = false;
      step_presses = 0;
    }
    const bool timed_out = now - step_started_ms > static_cast<long long>(s.seconds * 1000);
    const ui::ViewModel& model = flow->model();
    // Make sure the frame matches the model before looking at widgets.
    sync_screens();
    stack.apply_pending();
    stack.build(model, i18n, frame);
    drawn_epoch = flow->screen_epoch();  // the frame the script looks at is the screen's
    record_frame_caption();
    bool done = true;
    if (s.verb == "wait") {
      done = stack.current() && s.argument == ui::screen_name(*stack.current());
      if (!done && timed_out) {
        return fail_script(std::string("still on ") + ui::screen_name(model.screen));
      }
    } else if (s.verb == "tap") {
      // What another thread brings (the catalog parsed at start, a list) may take a moment to
      // show: the widget is waited for, up to 5 s.
      done = frame.find(s.argument) != nullptr;
      if (done) tap(s.argument);
      if (!done && now - step_started_ms > 5000)
        return fail_script("no such widget on this screen");
    } else if (s.verb == "repeat") {
      if (repeats_left == 0) repeats_left = std::atoi(s.argument.c_str());
    } else if (s.verb == "end-repeat") {
      if (--repeats_left > 0) {
        step = s.jump + 1;  // the first step inside the loop
        step_started_ms = 0;
        continue;
      }
    } else if (s.verb == "long-press") {
      // "long-press X Y [MS]": a finger held MS (default 2500) at X,Y (the corner gesture).
      int x = 0, y = 0;
      long long ms = 2500;
      if (std::sscanf(s.argument.c_str(), "%d %d %lld", &x, &y, &ms) < 2 || ms < 0 || ms > 60000)
        return fail_script("long-press takes X Y [MS]");
      const auto at = static_cast<long long>(SDL_GetTicks64());
      touches.push_back({true, false, x, y, at});
      touches.push_back({false, false, x, y, at + ms});
    } else if (s.verb == "key") {
      if (!push_key(s.argument)) return fail_script("not a key this script can press");
    } else if (s.verb == "keypad" || s.verb == "keypad-type" || s.verb == "headphones") {
      // Written once into the device's node, as the device would send them; done when the flow
      // has had them all through the driver and the queue.
      if (!step_wrote) {
        std::string bytes, error;
        std::size_t keys = 0;
        if (s.verb == "headphones") {
          if (s.argument != "in" && s.argument != "out") return fail_script("headphones in|out");
          add_record(bytes, EV_SW, SW_HEADPHONE_INSERT, s.argument == "in" ? 1 : 0);
          add_record(bytes, EV_SYN, SYN_REPORT, 0);
          keys = 1;
        } else {
          const bool typing = s.verb == "keypad-type";
          for (std::size_t i = 0; i < (typing ? s.argument.size() : 1); ++i) {
            const std::string name = typing ? s.argument.substr(i, 1) : s.argument;
            const std::uint16_t code = keypad_code(name);
            if (code == 0 || (typing && !std::isdigit(static_cast<unsigned char>(name[0]))))
              return fail_script(typing ? "keypad-type takes digits" : "not a keypad key");
            add_key(bytes, code);
            ++keys;
          }
        }
        if (!write_input(s.verb != "headphones", bytes, keys, error)) return fail_script(error);
        step_wrote = true;
      }
      done = keys_arrived(now);
    } else if (s.verb == "keypad-to") {
      // What another thread brings may take a moment to show: waited for, up to 5 s.
      if (!frame.find(s.argument)) {
        if (now - step_started_ms > 5000) return fail_script("no such widget on this screen");
        return;
      }
      // One key at a time, as a resident listening to each label would: the next only once the
      // flow has moved the focus for the last.
      done = keys_arrived(now) && flow->model().speech.focus == s.argument;
      if (!done && !quit && keys_handled >= keys_written) {
        if (!flow->model().speech.on) return fail_script("not in speech mode");
        if (++step_presses > 2 * frame.widgets().size() + 2)
          return fail_script("the keypad's focus never reached it");
        std::string bytes, error;
        add_key(bytes, KEY_DOWN);
        if (!write_input(true, bytes, 1, error)) return fail_script(error);
      }
    } else if (s.verb == "wait-played") {
      done = last_played.find(s.argument) != std::string::npos;
      if (!done && timed_out) return fail_script("last played to its end: " + last_played);
    } else if (s.verb == "expect-said") {
      if (last_said.find(s.argument) == std::string::npos)
        return fail_script("last said: " + last_said);
    } else if (s.verb == "hang") {
      // Not a wait: the whole UI thread stops here, input, queue and watchdog pings with it.
      std::this_thread::sleep_for(std::chrono::milliseconds(std::stoll(s.argument)));
    } else if (s.verb == "stats") {
      logger->info("stats", s.argument + " " + process_stats());
    } else if (s.verb == "tap-burst") {
      // "tap-burst submit 2": touches delivered before the next frame, as a quick finger.
      const auto gap = s.argument.find(' ');
      const std::string id = s.argument.substr(0, gap);
      const int count = gap == std::string::npos ? 2 : std::atoi(s.argument.c_str() + gap + 1);
      if (count < 1 || count > 100) return fail_script("tap-burst takes 1 to 100 touches");
      if (!tap_burst(id, count)) return fail_script("no such widget on this screen");
    } else if (s.verb == "type") {
      for (char c : s.argument) {
        stack.build(flow->model(), i18n, frame);
        const std::string id = std::string("key:") + c;
        if (!frame.find(id)) return fail_script("no keypad key " + id);
        tap(id);
      }
    } else if (s.verb == "keys") {
      // librime compiles its schema on a first start (seconds): a person waits for the keys too.
      if (!model.keyboard.engine_ready) {
        if (now - step_started_ms > 60000) return fail_script("the input method did not load");
        return;
      }
      for (char c : s.argument) {
        stack.build(flow->model(), i18n, frame);
        const std::string id = std::string("ime.key:") + c;
        if (!frame.find(id)) return fail_script("no keyboard key " + id);
        tap(id);
      }
    } else if (s.verb == "pick") {
      done = pick_candidate(s.argument);
      if (!done && now - step_started_ms > 5000) return fail_script("no such candidate");
    } else if (s.verb == "date") {
      if (!set_date(s.argument)) return fail_script("the date picker could not reach that date");
    } else if (s.verb == "strokes") {
      std::string error;
      if (!draw_strokes(s.argument, "ime.stroke", ui::KeyboardView::kPadWidth,
                        ui::KeyboardView::kPadHeight, error))
        return fail_script(error);
    } else if (s.verb == "sign") {
      // Done once the finger has lifted from the last stroke: the next step sees the ink.
      std::string error;
      if (!signing && !draw_strokes(s.argument, "sign.stroke", ui::SignatureView::kPadWidth,
                                    ui::SignatureView::kPadHeight, error))
        return fail_script(error);
      signing = !touches.empty();
      done = !signing;
    } else if (s.verb == "card") {
      auto card = drivers::sample_card(s.argument);
      if (!reader_sim || !card) return fail_script("no simulated reader or no such sample card");
      reader_sim->present(std::move(*card));
    } else if (s.verb == "card-remove") {
      if (reader_sim) reader_sim->remove();
    } else if (s.verb == "scan") {
      if (!scanner_sim || !scanner_sim->scan(s.argument))
        return fail_script("no simulated scanner");
    } else if (s.verb == "shot") {
      if (!screenshot(s.argument)) return fail_script("screenshot failed");
    } else if (s.verb == "expect") {
      bool found = false;
      for (const auto& w : frame.widgets()) found |= w.text.find(s.argument) != std::string::npos;
      // Answers from other threads (a list from the platform, the county catalog fetched in
      // pages and parsed after the first frame) may take a moment to show: ~8 s under TSan.
      done = found;
      if (!found && now - step_started_ms > 15000) return fail_script("text not on screen");
    } else if (s.verb == "expect-not") {
      for (const auto& w : frame.widgets()) {
        if (w.text.find(s.argument) != std::string::npos)
          return fail_script("text on screen: " + w.text);
      }
    } else if (s.verb == "advance") {
      clock.advance(static_cast<long long>(std::stod(s.argument) * 1000));
    } else if (s.verb == "sleep") {
      done = now - step_started_ms >= std::stoll(s.argument);
    } else if (s.verb == "wait-print" || s.verb == "wait-no-print") {
      // The job has ended when it printed, or when the resident is offered to print again.
      done = model.receipt.printed || model.receipt.can_reprint;
      const bool want_printed = s.verb == "wait-print";
      if (done && model.receipt.printed != want_printed)
        return fail_script(want_printed ? "the receipt did not print" : "the receipt printed");
      if (!done && timed_out) return fail_script("the receipt job did not end in time");
    } else if (s.verb == "printer") {
      auto* printer = receipts ? receipts->simulator() : nullptr;
      if (!printer) return fail_script("no virtual receipt printer (--simulate)");
      const std::string& a = s.argument;
      using drivers::PaperState;
      if (a == "paper-full")
        printer->set_paper(PaperState::full);
      else if (a == "paper-low")
        printer->set_paper(PaperState::low);
      else if (a == "paper-out")
        printer->set_paper(PaperState::out);
      else if (a.rfind("paper-out-after ", 0) == 0)
        printer->paper_out_after_lines(std::stoi(a.substr(16)));
      else if (a == "cover-open")
        printer->set_cover_open(true);
      else if (a == "cover-closed")
        printer->set_cover_open(false);
      else if (a == "jam")
        printer->set_cutter_jammed(true);
      else if (a == "unjam")
        printer->set_cutter_jammed(false);
      else
        return fail_script("unknown printer condition");
    } else if (s.verb == "reader") {
      // The simulated reader misbehaving: unplug, plug, slow MS, corrupt N, silent, talk,
      // fail-read SW3 (hex), fail-sam SW3 (hex).
      if (!reader_sim) return fail_script("no simulated reader (--simulate)");
      const std::string& a = s.argument;
      if (a == "unplug")
        reader_sim->unplug();
      else if (a == "plug")
        reader_sim->plug_in();
      else if (a.rfind("slow ", 0) == 0)
        reader_sim->set_reply_delay_ms(std::stoi(a.substr(5)));
      else if (a.rfind("corrupt ", 0) == 0)
        reader_sim->corrupt_replies(std::stoi(a.substr(8)));
      else if (a == "silent" || a == "talk")
        reader_sim->set_silent(a == "silent");
      else if (a.rfind("fail-read ", 0) == 0)
        reader_sim->fail_command(drivers::sam::kReadText,
                                 static_cast<std::uint8_t>(std::stoi(a.substr(10), nullptr, 16)));
      else if (a.rfind("fail-sam ", 0) == 0)
        reader_sim->fail_command(drivers::sam::kSamStatus,
                                 static_cast<std::uint8_t>(std::stoi(a.substr(9), nullptr, 16)), 3);
      else
        return fail_script("unknown reader condition");
    } else if (s.verb == "wait-link") {
      done = model.link == s.argument;
      if (!done && timed_out) return fail_script("the link is " + model.link);
    } else if (s.verb == "wait-idle-queue") {
      done = model.pending == 0;
      if (!done && timed_out) return fail_script(std::to_string(model.pending) + " still pending");
    }
    if (!done) return;
    ++step;
    step_started_ms = 0;
    if (step == script.size()) {
      logger->info("script", "finished: " + std::to_string(script.size()) + " steps, " +
                                 std::to_string(shots) + " screenshots in " + options.out);
      quit = true;
    }
  }
}

}  // namespace yiwang::kiosk
