// The form's text keyboard end to end inside the flow, with the real engines (librime's
// luna_pinyin_simp, zinnia's simplified-Chinese model): an address typed by pinyin, a character
// written on the pad from a stroke file, a rare character reached by paging, letters and
// digits, hostile strokes, and the session's end wiping the field, the IME and the next frame.
#include <doctest/doctest.h>

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "flow/kiosk_flow.h"
#include "idcard/sim/reader_simulator.h"
#include "input/rime_pinyin.h"
#include "input/zinnia_handwriting.h"
#include "screens/screens.h"
#include "support/fake_clock.h"
#include "support/test_key.h"
#include "sync/store_worker.h"

using namespace yiwang;
using kiosk::KioskFlow;
using test::FakeClock;
using ui::ScreenId;

namespace {

std::filesystem::path scratch(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("yiwang-keyboard-" + std::to_string(::getpid()) + name);
}

// librime is one engine per process: every test case shares this one (and the model).
struct Engines {
  std::unique_ptr<kiosk::RimePinyin> pinyin;
  std::unique_ptr<kiosk::ZinniaHandwriting> handwriting;
  Engines() {
    std::filesystem::remove_all(scratch("-rime"));
    kiosk::RimeSettings settings;
    settings.work_dir = scratch("-rime").string();
    auto started = kiosk::RimePinyin::start(settings);
    REQUIRE_MESSAGE(started, (started ? "" : started.error()));
    pinyin = std::move(started.value());
    REQUIRE_MESSAGE(pinyin->wait_ready(), pinyin->failed());
    auto opened = kiosk::ZinniaHandwriting::open();
    REQUIRE_MESSAGE(opened, (opened ? "" : opened.error()));
    handwriting = std::move(opened.value());
  }
  ~Engines() {
    pinyin.reset();
    std::error_code ignored;
    std::filesystem::remove_all(scratch("-rime"), ignored);
  }
  Engines(const Engines&) = delete;
  Engines& operator=(const Engines&) = delete;
  Engines(Engines&&) = delete;
  Engines& operator=(Engines&&) = delete;
};

Engines& engines() {
  static Engines shared;
  return shared;
}

struct Fixture {
  FakeClock clock;
  kiosk::Logger logger{"", false};
  kiosk::I18n i18n;
  std::unique_ptr<store::Database> database;
  store::SealingKey key = test::test_key();
  std::unique_ptr<store::Outbox> outbox;
  std::unique_ptr<store::LocalState> state;
  std::unique_ptr<store::ReceiptJournal> journal;
  std::unique_ptr<KioskFlow> flow;
  unsigned long long identity_ticket = 0;

  explicit Fixture(bool with_engines = true)
      : Fixture(with_engines ? engines().pinyin.get() : nullptr,
                with_engines ? engines().handwriting.get() : nullptr) {}
  // The engines as the kiosk wires them: the flow asks each to load when first wanted.
  Fixture(kiosk::RimePinyin* pinyin, kiosk::ZinniaHandwriting* handwriting) {
    std::string error;
    REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
    const auto path = scratch(".db");
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    auto opened = store::Database::open(path.string());
    REQUIRE(opened.status.ok());
    database = std::move(opened.database);
    outbox = std::make_unique<store::Outbox>(*database, key);
    state = std::make_unique<store::LocalState>(*database);
    journal = std::make_unique<store::ReceiptJournal>(*database);
    std::ifstream catalog(YIWANG_ASSETS_DIR "/catalog/demo-catalog.json");
    std::stringstream body;
    body << catalog.rdbuf();
    REQUIRE(state->store_catalog({"2026112101", "\"2026112101\"", body.str(), 0}).ok());
    kiosk::FlowPorts ports;
    ports.verify_identity = [this](unsigned long long ticket, const nlohmann::json&) {
      identity_ticket = ticket;
    };
    ports.pinyin = pinyin;
    ports.handwriting = handwriting;
    if (pinyin) ports.load_pinyin = [pinyin] { pinyin->load(); };
    if (handwriting) ports.load_handwriting = [handwriting] { handwriting->load(); };
    kiosk::FlowSettings settings;
    settings.terminal_id = "T1";
    flow = std::make_unique<KioskFlow>(settings, ports, *outbox, *state, *journal, clock, logger,
                                       i18n);
    flow->start();
  }

  // Identified by card (zhang-san) and online, on the pension form, the address focused.
  void reach_address() {
    reach_form_by_card();
    flow->handle_intent("field:address");
    REQUIRE(flow->model().keyboard.mode == "pinyin");
    flow->handle_intent("ime.key:clear");  // the card's address gives way to a typed one
    REQUIRE(value("address").empty());
  }
  // Identified by card (zhang-san) and online, on the pension form, no field focused.
  void reach_form_by_card() {
    drivers::CardReaderEvent read;
    read.kind = drivers::CardReaderEvent::Kind::cardRead;
    read.card = *drivers::sample_card("zhang-san");
    flow->handle_event(read);
    kiosk::PlatformAnswer answer;
    answer.purpose = "identity";
    answer.ticket = identity_ticket;
    answer.ok = true;
    answer.body = {{"person_token", "tok"}, {"display_name", "张*"}};
    flow->handle_event(answer);
    REQUIRE(flow->model().screen == ScreenId::catalog);
    flow->handle_intent("item:460100-0001-0001");
    flow->handle_intent("apply");
    REQUIRE(flow->model().screen == ScreenId::form);
  }
  // Identified by a mobile e-ID code whose verified subject is `subject`, on the pension form.
  void reach_form_by_eid(const nlohmann::json& subject) {
    drivers::ScanEvent scan;
    scan.kind = drivers::ScanEvent::Kind::scanned;
    scan.code = "EID1:" + std::string(subject.value("id_number", "")) + ":欧阳娜娜";
    flow->handle_event(scan);
    kiosk::PlatformAnswer answer;
    answer.purpose = "identity";
    answer.ticket = identity_ticket;
    answer.ok = true;
    answer.body = {{"person_token", "tok"}, {"display_name", "欧阳*娜"}, {"subject", subject}};
    flow->handle_event(answer);
    REQUIRE(flow->model().screen == ScreenId::catalog);
    flow->handle_intent("item:460100-0001-0001");
    flow->handle_intent("apply");
    REQUIRE(flow->model().screen == ScreenId::form);
  }
  std::string value(const std::string& field_key) const {
    for (const auto& field : flow->model().fields) {
      if (field.key == field_key) return field.value;
    }
    return "?";
  }
  int taps = 0;
  void tap(const std::string& intent) {
    ++taps;
    flow->handle_intent(intent);
  }
  void keys(const std::string& letters) {
    for (char c : letters) tap(std::string("ime.key:") + c);
  }
  // Taps the candidate shown as text, turning pages forward as a person would; false when it
  // never shows.
  bool pick(const std::string& text) {
    for (int page = 0; page < 40; ++page) {
      const auto& candidates = flow->model().keyboard.candidates;
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        if (candidates[i] == text) {
          tap("ime.cand:" + std::to_string(i));
          return true;
        }
      }
      if (!flow->model().keyboard.has_next_page) return false;
      tap("ime.page:+");
    }
    return false;
  }
  std::string stroke_intents(const std::string& file) const {
    std::ifstream in(std::string(YIWANG_TEST_DATA) + "/handwriting/" + file);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }
  // Every widget's text on the screen the model shows now.
  std::string frame_text() const {
    ui::Frame frame;
    ui::make_screen(flow->model().screen)->build(flow->model(), i18n, frame);
    std::string all;
    for (const auto& widget : frame.widgets()) all += widget.text + "\n";
    return all;
  }
};

// Draws a stroke file on the pad, stroke by stroke, as the app sends them.
void write(Fixture& f, const std::string& file) {
  auto strokes = kiosk::parse_strokes(f.stroke_intents(file));
  REQUIRE(strokes);
  for (const auto& stroke : strokes.value()) {
    std::string points;
    for (const auto& point : stroke)
      points +=
          (points.empty() ? "" : " ") + std::to_string(point.x) + "," + std::to_string(point.y);
    f.flow->handle_intent("ime.stroke:" + points);
  }
}

}  // namespace

TEST_CASE("an address typed by pinyin: phrases chosen from the candidate bar, digits on 123") {
  Fixture f;
  f.reach_address();
  f.taps = 0;
  f.keys("beijingshi");
  CHECK(f.flow->model().keyboard.preedit == "bei jing shi");
  REQUIRE(f.pick("北京市"));
  CHECK(f.flow->model().keyboard.preedit.empty());
  f.keys("dongchengqu");
  REQUIRE(f.pick("东城区"));
  f.keys("jingshan");
  REQUIRE(f.pick("景山"));
  f.keys("qian");  // luna_pinyin has no 前街: two words
  REQUIRE(f.pick("前"));
  f.keys("jie");
  REQUIRE(f.pick("街"));
  f.tap("ime.mode:123");
  f.tap("ime.key:4");
  f.tap("ime.mode:pinyin");
  f.keys("hao");
  REQUIRE(f.pick("号"));
  CHECK(f.value("address") == "北京市东城区景山前街4号");
  MESSAGE("北京市东城区景山前街4号 by full pinyin in the form: " << f.taps << " taps");
  CHECK(f.taps <= 48);  // the engine test's count: mode switches included, still no more
  // The field shows it, and the form takes it.
  CHECK(f.frame_text().find("北京市东城区景山前街4号") != std::string::npos);
  // Delete takes a whole character; space while composing takes the first candidate.
  f.tap("ime.key:del");
  CHECK(f.value("address") == "北京市东城区景山前街4");
  f.keys("hao");
  f.tap("ime.key:space");
  CHECK(f.value("address").substr(0, 31) == "北京市东城区景山前街4");
  CHECK(f.flow->model().keyboard.preedit.empty());
}

TEST_CASE("handwriting: 张, 镇 and 龚 written on the pad are among the first five candidates") {
  Fixture f;
  f.reach_address();
  f.tap("ime.mode:hand");
  REQUIRE(f.flow->model().keyboard.mode == "hand");
  for (const auto& [file, character] : {std::pair<std::string, std::string>{"zhang.strokes", "张"},
                                        {"zhen.strokes", "镇"},
                                        {"gong.strokes", "龚"}}) {
    CAPTURE(character);
    write(f, file);
    CHECK_FALSE(f.flow->model().keyboard.ink.empty());  // the pad shows the ink
    // The pen rests: the thorough recognition comes from the flow's timer.
    REQUIRE(f.flow->next_timer_ms().has_value());
    f.clock.now += *f.flow->next_timer_ms() + 1;
    f.flow->tick();
    const auto& candidates = f.flow->model().keyboard.candidates;
    const auto top = std::find(candidates.begin(), candidates.end(), character);
    CHECK(top != candidates.end());
    CHECK(top - candidates.begin() < 5);
    if (top == candidates.end()) continue;
    f.tap("ime.cand:" + std::to_string(top - candidates.begin()));
    CHECK(f.flow->model().keyboard.ink.empty());  // a chosen character clears the pad
  }
  CHECK(f.value("address") == "张镇龚");
  // Rewrite wipes the pad without touching the field.
  write(f, "zhang.strokes");
  f.tap("ime.pad_clear");
  CHECK(f.flow->model().keyboard.ink.empty());
  CHECK(f.flow->model().keyboard.candidates.empty());
  CHECK(f.value("address") == "张镇龚");
}

TEST_CASE("a rare name character outside the handwriting model is reached by pinyin paging") {
  Fixture f;
  f.reach_address();
  f.keys("yan");
  CHECK_FALSE(f.flow->model().keyboard.has_previous_page);
  REQUIRE(f.flow->model().keyboard.has_next_page);
  const int before = f.taps;
  REQUIRE(f.pick("䶮"));
  MESSAGE("䶮: yan and " << f.taps - before - 1 << " page turns");
  CHECK(f.value("address") == "䶮");
  // Displayed in the field on the next frame (the golden test's glyph check has the font draw
  // it; tests/integration/virtual_printer_test.cpp prints it as a raster).
  CHECK(f.frame_text().find("䶮") != std::string::npos);
  // The page turns back too.
  f.keys("yan");
  f.tap("ime.page:+");
  CHECK(f.flow->model().keyboard.has_previous_page);
  f.tap("ime.page:-");
  CHECK_FALSE(f.flow->model().keyboard.has_previous_page);
}

TEST_CASE("ABC gives capitals and the hyphen, 123 digits; card data is not retyped") {
  Fixture f;
  f.reach_address();
  f.tap("ime.mode:abc");
  f.keys("smith-j");
  f.tap("ime.key:space");
  f.tap("ime.mode:123");
  f.keys("3/2#");
  f.keys("abc");  // letters are not keys of 123
  CHECK(f.value("address") == "SMITH-J 3/2#");
  // The card's name and ID number are locked: no keyboard, keys do nothing.
  f.tap("field:name");
  CHECK(f.flow->model().keyboard.mode.empty());
  const std::string name = f.value("name");
  f.tap("ime.key:del");
  CHECK(f.value("name") == name);
  CHECK(f.frame_text().find(f.i18n.text("form.from_card", ui::Language::zh)) != std::string::npos);
}

TEST_CASE("hostile keyboard intents are dropped: bad strokes, foreign keys, pages, indexes") {
  Fixture f;
  f.reach_address();
  f.tap("ime.mode:hand");
  for (const std::string& bad : std::vector<std::string>{
           "ime.stroke:1,2 3", "ime.stroke:x,y", "ime.stroke:1,2,3", "ime.stroke:-5,999999999999",
           "ime.stroke:" + std::string(40000, '1'), "ime.cand:99", "ime.cand:-1", "ime.cand:0x1",
           "ime.page:++", "ime.mode:klingon", "ime.key:\xe5\xbc\xa0", "ime.key:ab"}) {
    f.flow->handle_intent(bad);
  }
  CHECK(f.flow->model().keyboard.ink.empty());
  CHECK(f.value("address").empty());
  CHECK(f.flow->model().keyboard.mode == "hand");
  // Points outside the pad are clamped onto it; no more than 64 strokes are kept.
  f.flow->handle_intent("ime.stroke:-40,10 5000,20");
  REQUIRE(f.flow->model().keyboard.ink.size() == 1);
  CHECK(f.flow->model().keyboard.ink[0][0].x == 0);
  CHECK(f.flow->model().keyboard.ink[0][1].x == ui::KeyboardView::kPadWidth - 1);
  for (int i = 0; i < 100; ++i) f.flow->handle_intent("ime.stroke:10,10 20,20");
  CHECK(f.flow->model().keyboard.ink.size() == 64);
  // Keyboard intents are not offered on other screens.
  f.flow->handle_intent("form.next");
  f.flow->handle_intent("home");
  REQUIRE(f.flow->model().screen == ScreenId::catalog);
  f.flow->handle_intent("ime.key:a");
  CHECK(f.flow->model().screen == ScreenId::catalog);
}

TEST_CASE("without engines the keyboard says it is loading and types no Chinese") {
  Fixture f(false);
  f.reach_address();
  CHECK_FALSE(f.flow->model().keyboard.engine_ready);
  f.keys("bei");
  CHECK(f.value("address").empty());
  CHECK(f.frame_text().find(f.i18n.text("ime.loading", ui::Language::zh)) != std::string::npos);
  f.tap("ime.mode:abc");
  f.keys("b");
  CHECK(f.value("address") == "B");
}

TEST_CASE("the session's end wipes the typed name from the field, the IME and the next frame") {
  Fixture f;
  f.reach_address();
  // A choice learnt this session: the second candidate of "zhang" chosen.
  f.keys("zhang");
  const std::string first = f.flow->model().keyboard.candidates.at(0);
  const std::string second = f.flow->model().keyboard.candidates.at(1);
  f.tap("ime.cand:1");
  f.keys("zhang");
  CHECK(f.flow->model().keyboard.candidates.at(0) == second);  // learnt, for this resident
  f.tap("ime.key:space");
  f.keys("wei");  // left composing, and a stroke left on the pad
  CHECK(f.frame_text().find("wei") != std::string::npos);
  const std::string typed = f.value("address");
  CHECK(typed == second + second);
  f.tap("ime.mode:hand");
  write(f, "zhang.strokes");
  CHECK_FALSE(f.flow->model().keyboard.ink.empty());
  // The resident walks away: the idle timeout ends the session.
  f.clock.now += 60000 + 30000 + 10;
  f.flow->tick();
  REQUIRE(f.flow->model().screen == ScreenId::attract);
  // The IME holds nothing of them.
  CHECK(engines().pinyin->current().preedit.empty());
  CHECK(engines().pinyin->current().candidates.empty());
  CHECK(f.flow->model().keyboard.mode.empty());
  CHECK(f.flow->model().keyboard.ink.empty());
  CHECK(f.flow->model().keyboard.candidates.empty());
  // The next frame shows none of it.
  const std::string frame = f.frame_text();
  CHECK(frame.find(typed) == std::string::npos);
  CHECK(frame.find(second) == std::string::npos);
  // The next resident gets librime's own order back: nothing learnt survives.
  f.reach_address();
  f.keys("zhang");
  CHECK(f.flow->model().keyboard.candidates.at(0) == first);
  f.tap("ime.key:clear");
}

TEST_CASE("an e-ID resident: the verified subject fills name and ID number, the address is typed") {
  Fixture f;
  f.reach_form_by_eid(
      {{"card_type", "resident"}, {"id_number", "11010519491231002X"}, {"name", "欧阳娜娜"}});
  CHECK(f.value("name") == "欧阳娜娜");
  CHECK(f.value("id_number") == "11010519491231002X");
  CHECK(f.value("address").empty());
  f.tap("field:name");  // as from a card: shown, not retyped
  CHECK(f.flow->model().keyboard.mode.empty());
  f.tap("field:address");
  REQUIRE(f.flow->model().keyboard.mode == "pinyin");
  f.keys("beijingshi");
  REQUIRE(f.pick("北京市"));
  CHECK(f.value("address") == "北京市");
  f.tap("field:phone");
  for (char c : std::string("13800138000")) f.tap(std::string("key:") + c);
  f.tap("field:grade");
  f.tap("select:grade:500");
  f.tap("form.next");
  CHECK(f.flow->model().screen == ScreenId::review);
}

TEST_CASE("an e-ID subject whose number does not fit its card type fills nothing") {
  Fixture f;
  f.reach_form_by_eid(
      {{"card_type", "foreign_permanent"}, {"id_number", "11010519491231002X"}, {"name", "X"}});
  CHECK(f.value("name").empty());
  CHECK(f.value("id_number").empty());
  // So the resident types them: the name field has the keyboard, the ID number opens on 123.
  f.tap("field:name");
  CHECK(f.flow->model().keyboard.mode == "pinyin");
  f.tap("field:id_number");
  CHECK(f.flow->model().keyboard.mode == "123");
}

namespace {

// Whether the process has a file whose path contains `name` mapped (a library, a model).
bool mapped(const std::string& name) {
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.find(name) != std::string::npos) return true;
  return false;
}

}  // namespace

// Its own process (ctest keyboard-lazy; `keyboard` leaves it out): librime is one engine per
// process, and here no other case may have loaded it first.
TEST_SUITE("lazy") {
  TEST_CASE("the engines load when the keyboard first wants them: not at start, nor on the form") {
    REQUIRE_FALSE(mapped("librime"));
    std::filesystem::remove_all(scratch("-lazy-rime"));
    kiosk::RimeSettings settings;
    settings.work_dir = scratch("-lazy-rime").string();
    auto prepared = kiosk::RimePinyin::prepare(settings);
    REQUIRE_MESSAGE(prepared, (prepared ? "" : prepared.error()));
    const std::unique_ptr<kiosk::RimePinyin> pinyin = std::move(prepared.value());
    const auto handwriting = kiosk::ZinniaHandwriting::later();
    const std::string model = kiosk::HandwritingSettings{}.model;
    {
      Fixture f(pinyin.get(), handwriting.get());
      f.reach_form_by_card();
      // The form is showing, nothing typed yet: neither engine has been asked to load.
      CHECK_FALSE(pinyin->loading_started());
      CHECK_FALSE(handwriting->loading_started());
      CHECK_FALSE(mapped("librime"));
      CHECK_FALSE(mapped(model));

      // The address's keyboard opens on pinyin: librime loads. Letters typed before it is ready
      // are kept and composed once it is.
      f.tap("field:address");
      REQUIRE(f.flow->model().keyboard.mode == "pinyin");
      f.tap("ime.key:clear");
      REQUIRE(pinyin->loading_started());  // (else wait_ready below would wait for ever)
      f.keys("bei");
      CHECK(f.flow->model().keyboard.preedit.substr(0, 3) == "bei");
      REQUIRE_MESSAGE(pinyin->wait_ready(), pinyin->failed());
      f.flow->tick();
      CHECK(mapped("librime"));
      CHECK(f.flow->model().keyboard.engine_ready);
      CHECK(f.flow->model().keyboard.preedit == "bei");
      REQUIRE(f.pick("北"));
      CHECK(f.value("address") == "北");
      // Handwriting is still not open: pinyin does not need it.
      CHECK_FALSE(handwriting->loading_started());
      CHECK_FALSE(mapped(model));

      // Handwriting chosen: zinnia opens its model; a character written meanwhile is recognised
      // once it is open.
      f.tap("ime.mode:hand");
      REQUIRE(handwriting->loading_started());
      write(f, "zhang.strokes");
      for (int i = 0; i < 6000 && !handwriting->ready(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      REQUIRE(handwriting->ready());
      f.flow->tick();
      CHECK(mapped(model));
      CHECK(f.flow->model().keyboard.engine_ready);
      CHECK_FALSE(f.flow->model().keyboard.candidates.empty());  // the strokes written meanwhile
      // The pen rests: the thorough recognition puts 张 among the candidates.
      REQUIRE(f.flow->next_timer_ms().has_value());
      f.clock.now += *f.flow->next_timer_ms() + 1;
      f.flow->tick();
      REQUIRE(f.pick("张"));
      CHECK(f.value("address") == "北张");
    }
  }
}
