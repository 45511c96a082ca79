// The scanner decoders without devices: keyboard-wedge key codes (layout-free, shift, caps, Alt
// GBK codes, quiet gap, undecodable keys) and HID POS reports (single, joined, malformed).
#include <doctest/doctest.h>
#include <linux/input-event-codes.h>

#include <map>

#include "qr/hid_pos.h"
#include "qr/wedge_decoder.h"

using namespace yiwang::drivers;

namespace {

// Types text as a US-keyboard scanner does: shift around upper case and symbols, Enter at the end.
struct Typist {
  WedgeDecoder decoder;
  long long t = 0;
  std::vector<ScanEvent> out;
  void key(std::uint16_t code, int value) {
    for (auto& e : decoder.feed(EV_KEY, code, value, t)) out.push_back(std::move(e));
    for (auto& e : decoder.feed(EV_SYN, SYN_REPORT, 0, t)) out.push_back(std::move(e));
    t += 2;
  }
  void tap(std::uint16_t code, bool shift = false) {
    if (shift) key(KEY_LEFTSHIFT, 1);
    key(code, 1);
    key(code, 0);
    if (shift) key(KEY_LEFTSHIFT, 0);
  }
  void alt_code(int decimal) {
    static const std::uint16_t kp[] = {KEY_KP0, KEY_KP1, KEY_KP2, KEY_KP3, KEY_KP4,
                                       KEY_KP5, KEY_KP6, KEY_KP7, KEY_KP8, KEY_KP9};
    key(KEY_LEFTALT, 1);
    for (char c : std::to_string(decimal)) tap(kp[c - '0']);
    key(KEY_LEFTALT, 0);
  }
  void text(const std::string& s) {
    static const std::map<char, std::pair<std::uint16_t, bool>> keys = [] {
      std::map<char, std::pair<std::uint16_t, bool>> m;
      const std::uint16_t letters[] = {KEY_A, KEY_B, KEY_C, KEY_D, KEY_E, KEY_F, KEY_G,
                                       KEY_H, KEY_I, KEY_J, KEY_K, KEY_L, KEY_M, KEY_N,
                                       KEY_O, KEY_P, KEY_Q, KEY_R, KEY_S, KEY_T, KEY_U,
                                       KEY_V, KEY_W, KEY_X, KEY_Y, KEY_Z};
      for (int i = 0; i < 26; ++i) {
        m[static_cast<char>('a' + i)] = {letters[i], false};
        m[static_cast<char>('A' + i)] = {letters[i], true};
      }
      const std::uint16_t digits[] = {KEY_0, KEY_1, KEY_2, KEY_3, KEY_4,
                                      KEY_5, KEY_6, KEY_7, KEY_8, KEY_9};
      for (int i = 0; i < 10; ++i) m[static_cast<char>('0' + i)] = {digits[i], false};
      m[':'] = {KEY_SEMICOLON, true};
      m['-'] = {KEY_MINUS, false};
      m['_'] = {KEY_MINUS, true};
      m['/'] = {KEY_SLASH, false};
      m['?'] = {KEY_SLASH, true};
      m['='] = {KEY_EQUAL, false};
      m['.'] = {KEY_DOT, false};
      m['&'] = {KEY_7, true};
      m['"'] = {KEY_APOSTROPHE, true};
      m['{'] = {KEY_LEFTBRACE, true};
      m['}'] = {KEY_RIGHTBRACE, true};
      m[' '] = {KEY_SPACE, false};
      return m;
    }();
    for (char c : s) {
      const auto [code, shift] = keys.at(c);
      tap(code, shift);
    }
  }
  void enter() { tap(KEY_ENTER); }
};

}  // namespace

TEST_CASE("wedge: letters, digits, shifted punctuation; Enter ends the scan") {
  Typist t;
  t.text("YWTRACK:1:C:HN2026112100012345");
  CHECK(t.out.empty());
  t.enter();
  REQUIRE(t.out.size() == 1);
  CHECK(t.out[0].kind == ScanEvent::Kind::scanned);
  CHECK(t.out[0].code == "YWTRACK:1:C:HN2026112100012345");
  t.text("https://x.cn/a?b=1&c_d-e.f {\"k\"}");
  t.tap(KEY_KPENTER);
  REQUIRE(t.out.size() == 2);
  CHECK(t.out[1].code == "https://x.cn/a?b=1&c_d-e.f {\"k\"}");
}

TEST_CASE("wedge: caps lock inverts letters only; right shift counts; keypad digits type") {
  Typist t;
  t.tap(KEY_CAPSLOCK);
  t.text("ab1");
  t.key(KEY_RIGHTSHIFT, 1);
  t.tap(KEY_C);
  t.tap(KEY_2);
  t.key(KEY_RIGHTSHIFT, 0);
  t.tap(KEY_KP7);
  t.enter();
  REQUIRE(t.out.size() == 1);
  CHECK(t.out[0].code == "AB1c@7");
}

TEST_CASE("wedge: Chinese arrives as GBK Alt codes and is decoded to UTF-8") {
  Typist t;
  t.text("EID1:11010519491231002X:");
  t.alt_code(0xD5C5);  // 张 in GBK
  t.alt_code(0xC8FD);  // 三
  t.enter();
  REQUIRE(t.out.size() == 1);
  CHECK(t.out[0].kind == ScanEvent::Kind::scanned);
  CHECK(t.out[0].code == "EID1:11010519491231002X:张三");
  t.alt_code(65);  // an ASCII Alt code
  t.enter();
  CHECK(t.out[1].code == "A");
  t.alt_code(0x8140 - 1);  // not a GBK lead byte range
  t.enter();
  CHECK(t.out[2].kind == ScanEvent::Kind::rejected);
}

TEST_CASE("wedge: a scan without Enter ends after the quiet gap, not before") {
  Typist t;
  t.text("ABC");
  CHECK(t.decoder.flush_if_quiet(t.t + 50, 100).empty());
  auto flushed = t.decoder.flush_if_quiet(t.t + 150, 100);
  REQUIRE(flushed.size() == 1);
  CHECK(flushed[0].code == "ABC");
  CHECK(t.decoder.flush_if_quiet(t.t + 500, 100).empty());  // nothing left
}

TEST_CASE(
    "wedge: keys it cannot decode are reported, never guessed; releases and repeats ignored") {
  Typist t;
  t.text("AB");
  t.tap(KEY_F5);
  t.tap(KEY_UP);
  t.text("C");
  t.enter();
  REQUIRE(t.out.size() == 1);
  CHECK(t.out[0].kind == ScanEvent::Kind::rejected);
  CHECK(t.out[0].message.find("2 key(s)") != std::string::npos);
  CHECK(t.out[0].message.find("key code 63") != std::string::npos);  // KEY_F5
  t.key(KEY_X, 2);                                                   // auto-repeat
  t.key(KEY_X, 0);
  t.enter();  // nothing pending: no empty scan
  CHECK(t.out.size() == 1);
  t.key(KEY_LEFTCTRL, 1);
  t.tap(KEY_M);
  t.key(KEY_LEFTCTRL, 0);
  t.enter();
  REQUIRE(t.out.size() == 2);
  CHECK(t.out[1].kind == ScanEvent::Kind::rejected);
  CHECK(t.out[1].message.find("control") != std::string::npos);
}

TEST_CASE("wedge: an endless scan is cut at the limit and rejected") {
  Typist t;
  for (std::size_t i = 0; i < kMaxScanLength + 5; ++i) t.tap(KEY_A);
  t.enter();
  REQUIRE(t.out.size() == 1);
  CHECK(t.out[0].kind == ScanEvent::Kind::rejected);
  CHECK(t.out[0].message.find("limit") != std::string::npos);
}

TEST_CASE("HID POS: one report, several joined, in any byte split") {
  const auto reports = encode_hid_pos("YWTRACK:1:C:HN2026112100012345");
  REQUIRE(reports.size() == 1);
  CHECK(reports[0].size() == 64);
  CHECK(reports[0][0] == 0x02);
  CHECK(reports[0][1] == 30);
  CHECK(reports[0][63] == 0);
  auto parsed = parse_hid_pos_report(reports[0]);
  REQUIRE(parsed);
  CHECK(parsed.value().symbology == 'Q');
  CHECK_FALSE(parsed.value().more);

  const std::string long_code = "kiosk-enroll:v1:" + std::string(150, 'x');
  const auto many = encode_hid_pos(long_code);
  REQUIRE(many.size() == 3);
  CHECK(many[0][63] == 1);
  CHECK(many[2][63] == 0);
  std::vector<std::uint8_t> stream;
  for (const auto& r : many) stream.insert(stream.end(), r.begin(), r.end());
  HidPosAssembler assembler;
  std::vector<ScanEvent> events;
  for (std::size_t at = 0; at < stream.size(); at += 7) {
    auto part =
        assembler.feed(std::span(stream).subspan(at, std::min<std::size_t>(7, stream.size() - at)));
    events.insert(events.end(), part.begin(), part.end());
  }
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == ScanEvent::Kind::scanned);
  CHECK(events[0].code == long_code);
}

TEST_CASE("HID POS: wrong report ids, impossible lengths, short reports, control bytes") {
  auto report = encode_hid_pos("ABC")[0];
  report[0] = 0x04;
  CHECK_FALSE(parse_hid_pos_report(report));
  report[0] = 0x02;
  report[1] = 57;
  CHECK_FALSE(parse_hid_pos_report(report));
  CHECK_FALSE(parse_hid_pos_report(std::span(report).first(63)));
  HidPosAssembler assembler;
  auto events = assembler.feed(report);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == ScanEvent::Kind::rejected);
  CHECK(events[0].message.find("over 56") != std::string::npos);
  events = assembler.feed(encode_hid_pos(std::string("A\x01", 2))[0]);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == ScanEvent::Kind::rejected);
  // A broken report in the middle of a joined code drops that code; the next one is whole.
  auto first = encode_hid_pos(std::string(100, 'y'));
  first[1][0] = 0x07;
  events = assembler.feed(first[0]);
  CHECK(events.empty());
  events = assembler.feed(first[1]);
  REQUIRE(events.size() == 1);
  CHECK(events[0].kind == ScanEvent::Kind::rejected);
  events = assembler.feed(encode_hid_pos("OK")[0]);
  REQUIRE(events.size() == 1);
  CHECK(events[0].code == "OK");
}
