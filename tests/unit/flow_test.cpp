// The journey's state machine with a fake clock and recorded ports: idle wipe, one-time
// notification, store-before-confirm, the platform's 422 mapped onto the form.
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <deque>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "command_log.h"
#include "flow/keyed_confirmation.h"
#include "flow/kiosk_flow.h"
#include "flow/voice_lines.h"
#include "idcard/sim/reader_simulator.h"
#include "screens/screens.h"
#include "support/fake_clock.h"
#include "support/test_key.h"
#include "sync/store_worker.h"
#include "toolkit/screen.h"

using namespace yiwang;
using kiosk::KioskFlow;
using test::FakeClock;
using ui::ScreenId;

namespace {

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
  int wakes = 0;
  std::vector<std::string> printed;
  std::vector<drivers::ReceiptDocument> documents;
  unsigned long long certificates_ticket = 0;
  std::string certificates_token;
  std::vector<std::pair<std::string, std::string>> certificate_jobs;  // job id, certificate id
  unsigned long long identity_ticket = 0;
  struct PaymentCall {
    unsigned long long ticket;
    std::string key_or_order;  // the order's idempotency key, or the order polled
    nlohmann::json body;
  };
  std::vector<PaymentCall> orders;
  std::vector<PaymentCall> polls;
  std::deque<kiosk::StoreRequest> store_requests;  // written by settle(), as the store thread would
  // Voice guidance: every line said (screen, language, text), the volume, help requests.
  struct Said {
    ScreenId screen;
    std::string language;
    std::string text;
  };
  std::vector<Said> said;
  int silenced = 0;
  bool voice_reports_played = false;  // the voice tells each line played to its end
  int volume = -1;
  std::vector<std::pair<unsigned long long, nlohmann::json>> help_requests;

  // Writes what the flow asked to store and hands the answers back, as the store thread and
  // the event queue would between two frames.
  void settle() {
    while (!store_requests.empty()) {
      auto request = std::move(store_requests.front());
      store_requests.pop_front();
      flow->handle_event(kiosk::store_transaction(*outbox, *state, std::move(request)));
    }
  }
  // A tap, then whatever it asked of other threads comes back.
  void tap(const std::string& intent) {
    flow->handle_intent(intent);
    settle();
  }

  Fixture() {
    std::string error;
    REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
    const auto path = std::filesystem::temp_directory_path() /
                      ("yiwang-flow-" + std::to_string(::getpid()) + ".db");
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
    ports.wake_sync = [this] { ++wakes; };
    ports.store = [this](kiosk::StoreRequest request) {
      store_requests.push_back(std::move(request));
    };
    ports.verify_identity = [this](unsigned long long ticket, nlohmann::json) {
      identity_ticket = ticket;
    };
    ports.list_certificates = [this](unsigned long long ticket, const std::string& token) {
      certificates_ticket = ticket;
      certificates_token = token;
    };
    ports.print_certificate = [this](const std::string& job, const std::string& id) {
      certificate_jobs.emplace_back(job, id);
    };
    ports.create_payment = [this](unsigned long long ticket, const std::string& order_key,
                                  nlohmann::json order) {
      orders.push_back({ticket, order_key, std::move(order)});
    };
    ports.poll_payment = [this](unsigned long long ticket, const std::string& order_id) {
      polls.push_back({ticket, order_id, nullptr});
    };
    ports.print_receipt = [this](std::string job, drivers::ReceiptDocument document) {
      printed.push_back(job);
      documents.push_back(std::move(document));
    };
    ports.say = [this](const std::string& text, const std::string& language) {
      said.push_back({flow->model().screen, language, text});
    };
    ports.silence = [this] { ++silenced; };
    ports.voice_reports_played = [this] { return voice_reports_played; };
    ports.set_volume = [this](int v) { volume = v; };
    ports.request_help = [this](unsigned long long ticket, nlohmann::json request) {
      help_requests.emplace_back(ticket, std::move(request));
    };
    kiosk::FlowSettings settings;
    settings.terminal_id = "T1";
    std::ifstream receipt_template(YIWANG_ASSETS_DIR "/receipts/receipt.tmpl");
    std::stringstream template_text;
    template_text << receipt_template.rdbuf();
    auto parsed = kiosk::parse_receipt_template(template_text.str(), "receipt.tmpl", error);
    REQUIRE(parsed);
    settings.receipt_template = *parsed;
    // The address cascade, from the terminal's own district (海口市美兰区).
    std::ifstream regions(YIWANG_ASSETS_DIR "/regions/gbt2260.tsv");
    std::stringstream regions_text;
    regions_text << regions.rdbuf();
    auto table = kiosk::RegionTable::parse(regions_text.str(), error);
    REQUIRE_MESSAGE(table, error);
    settings.regions = std::move(*table);
    settings.region_code = "460108";
    flow = std::make_unique<KioskFlow>(settings, ports, *outbox, *state, *journal, clock, logger,
                                       i18n);
    flow->start();
  }
  // The senior card item (date, select, address, materials, three deliveries), on its form.
  void reach_fields_form() {
    identify();
    tap("item:460100-0004-0004");
    tap("apply");
    REQUIRE(flow->model().screen == ScreenId::form);
  }
  const ui::FieldView& field(const std::string& name) const {
    for (const auto& f : flow->model().fields) {
      if (f.key == name) return f;
    }
    FAIL("no field " << name);
    return flow->model().fields.front();
  }

  // Identified online as zhang-san, on the form of the pension item.
  void reach_form() {
    identify();
    tap("item:460100-0001-0001");
    tap("apply");
    REQUIRE(flow->model().screen == ScreenId::form);
  }
  // Identified online as zhang-san, on the catalog.
  void identify() {
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
  }
  // On review: the commitment read, ticked and signed with one long stroke; back on review.
  void sign_commitment() {
    tap("commit.open");
    REQUIRE(flow->model().screen == ScreenId::sign);
    tap("commit.toggle");
    flow->handle_intent("sign.stroke:100,100 300,200 500,100 700,200");
    tap("sign.done");
    REQUIRE(flow->model().screen == ScreenId::review);
  }
  // On the pension form (reach_form): the phone on the keypad, a grade, then "next". The caller
  // checks where that led (review for a card that fills the rest).
  void fill_pension_form(const std::string& grade = "500") {
    tap("field:phone");
    for (char c : std::string("13800138000")) tap(std::string("key:") + c);
    tap("select:grade:" + grade);
    tap("form.next");
  }
  // The item with a fee (不动产权证书补发, ¥10.00), filled and submitted: "submitting".
  void submit_fee_item() {
    identify();
    tap("item:460100-0005-0003");
    tap("apply");
    REQUIRE(flow->model().screen == ScreenId::form);
    for (char c : std::string("13800138000")) flow->handle_intent(std::string("key:") + c);
    tap("select:delivery_copies:1");
    tap("form.next");
    REQUIRE(flow->model().screen == ScreenId::review);
    sign_commitment();
    tap("submit");
    REQUIRE(flow->model().screen == ScreenId::submitting);
  }
  // The platform accepts the submitted application with a fee of ¥10.00.
  void accept_with_fee() {
    auto entry = outbox->next_due(clock.unix_ms());
    REQUIRE(entry);
    kiosk::SyncOutcome accepted;
    accepted.transaction_id = entry->idempotency_key;
    accepted.local_id = entry->local_id;
    accepted.result = kiosk::SyncOutcome::Result::accepted;
    accepted.reply = {{"case_id", "HN2026112200000088"},
                      {"promised_by", "2026-11-27"},
                      {"fee_fen", 1000},
                      {"payment_required", true}};
    flow->handle_event(accepted);
  }
  // The platform's answer to the last order asked for.
  void answer_order(nlohmann::json body) {
    REQUIRE_FALSE(orders.empty());
    kiosk::PlatformAnswer answer;
    answer.purpose = "payment.order";
    answer.ticket = orders.back().ticket;
    answer.ok = true;
    answer.body = std::move(body);
    flow->handle_event(answer);
  }
  nlohmann::json good_order(const std::string& id) const {
    return {{"order_id", id},
            {"qr_payload", "https://pay.example/" + id},
            {"expires_at", kiosk::rfc3339_cst(clock.unix_ms() + 15 * 60 * 1000)}};
  }
  // Time passes until the next poll goes out; the platform answers it with status.
  // (A poll already asked and not yet answered is answered first.)
  std::size_t answered_polls = 0;
  void poll_answers(const std::string& status) {
    for (int i = 0; i < 10 && polls.size() == answered_polls; ++i) {
      clock.now += 1000;
      flow->tick();
    }
    REQUIRE(polls.size() == answered_polls + 1);
    answered_polls = polls.size();
    kiosk::PlatformAnswer answer;
    answer.purpose = "payment.status";
    answer.ticket = polls.back().ticket;
    answer.ok = true;
    answer.body = {{"order_id", polls.back().key_or_order}, {"status", status}};
    flow->handle_event(answer);
  }
  std::string printed_text(std::size_t i) const {
    std::string text;
    for (const auto& block : documents.at(i).blocks) text += block.text + "\n";
    return text;
  }
  // A valid form, reviewed, the commitment accepted: the next tap is "submit".
  void reach_submit() {
    reach_form();
    fill_pension_form();
    REQUIRE(flow->model().screen == ScreenId::review);
    sign_commitment();
  }
};

}  // namespace

TEST_CASE("the form shows every problem at once and fills from the card") {
  Fixture f;
  f.reach_form();
  const auto& fields = f.flow->model().fields;
  REQUIRE(fields.size() == 6);  // the item's five, and its materials checklist
  CHECK(fields[5].type == "materials");
  CHECK(fields[0].display_value == "张三");
  CHECK(fields[1].display_value == "1101**********002X");  // masked on screen
  f.tap("form.next");
  int errors = 0;
  for (const auto& field : f.flow->model().fields) errors += field.error.zh.empty() ? 0 : 1;
  CHECK(errors == 2);  // phone and grade, together
  CHECK(f.flow->model().screen == ScreenId::form);

  // Fixing them one at a time: the problems stay shown until their own field changes.
  const auto error_of = [&](const std::string& key) {
    for (const auto& field : f.flow->model().fields) {
      if (field.key == key) return field.error.zh;
    }
    return std::string("no such field");
  };
  f.tap("field:phone");
  CHECK_FALSE(error_of("phone").empty());
  CHECK_FALSE(error_of("grade").empty());
  f.tap("key:1");
  CHECK(error_of("phone").empty());
  CHECK_FALSE(error_of("grade").empty());
  f.tap("select:grade:500");
  CHECK(error_of("grade").empty());
}

TEST_CASE("submit stores the application before anything is confirmed; a 422 returns to the form") {
  Fixture f;
  f.reach_form();
  f.fill_pension_form();
  REQUIRE(f.flow->model().screen == ScreenId::review);
  f.tap("submit");
  CHECK(f.flow->model().screen == ScreenId::review);  // commitment not accepted yet: nothing sent
  CHECK(f.outbox->counts().pending == 0);
  f.sign_commitment();
  f.tap("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  CHECK(f.outbox->counts().pending == 1);
  CHECK(f.wakes == 1);
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  const auto payload = nlohmann::json::parse(entry->payload);
  CHECK(payload["applicant"]["person_token"] == "tok");
  CHECK(payload["commitment"]["version"] == "C-2026-01");

  kiosk::SyncOutcome rejected;
  rejected.transaction_id = entry->idempotency_key;
  rejected.result = kiosk::SyncOutcome::Result::rejected;
  rejected.error.code = "invalid_fields";
  rejected.error.fields =
      nlohmann::json::array({{{"field", "form.phone"}, {"code", "invalid_format"}},
                             {{"field", "materials.M009"}, {"code", "missing"}}});
  f.flow->handle_event(rejected);
  CHECK(f.flow->model().screen == ScreenId::form);
  CHECK(f.flow->model().fields[3].error.zh == "格式不正确");
  CHECK(f.flow->model().form_problems.size() == 1);  // M009 is not on this item's checklist
}

TEST_CASE("no answer in time gives the provisional receipt") {
  Fixture f;
  f.reach_form();
  f.fill_pension_form("200");
  f.sign_commitment();
  f.tap("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  f.clock.now += 8001;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::receipt);
  CHECK_FALSE(f.flow->model().receipt.online);
  CHECK(f.flow->model().receipt.local_id.rfind("T1-", 0) == 0);
  REQUIRE(f.printed.size() == 1);
  CHECK(f.printed[0] == f.flow->model().receipt.local_id);
}

TEST_CASE("paper out during the receipt: the number stays on screen, nothing is lost, reprint") {
  Fixture f;
  f.reach_form();
  f.fill_pension_form("200");
  f.sign_commitment();
  f.tap("submit");
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  kiosk::SyncOutcome accepted;
  accepted.transaction_id = entry->idempotency_key;
  accepted.local_id = entry->local_id;
  accepted.result = kiosk::SyncOutcome::Result::accepted;
  accepted.reply = {{"case_id", "HN2026112200000077"}, {"promised_by", "2026-11-27"}};
  f.flow->handle_event(accepted);
  REQUIRE(f.flow->model().screen == ScreenId::receipt);
  const std::string local_id = f.flow->model().receipt.local_id;
  REQUIRE(f.printed == std::vector<std::string>{local_id});
  CHECK(f.flow->model().receipt.print_problem_key == "receipt.printing");
  auto journaled = f.journal->for_transaction(local_id);
  REQUIRE(journaled.size() == 1);
  CHECK(journaled[0].state == "sending");  // journaled before the printer saw it

  f.flow->handle_event(kiosk::PrintDone{local_id, false, false, "paper_out", "paper end"});
  const auto& receipt = f.flow->model().receipt;
  CHECK(receipt.print_problem_key == "receipt.paper_out");
  CHECK(receipt.case_id == "HN2026112200000077");  // still on screen to photograph
  CHECK(receipt.can_reprint);
  CHECK(f.journal->for_transaction(local_id)[0].state == "not_printed");
  CHECK(f.journal->for_transaction(local_id)[0].reason == "paper_out");

  // The resident asks again: a reprint, marked on paper and in the audit log.
  f.tap("receipt.reprint");
  REQUIRE(f.printed.size() == 2);
  CHECK(f.printed[1] == local_id + "#r1");
  std::string text;
  for (const auto& block : f.documents[1].blocks) text += block.text + "\n";
  CHECK(text.find("补打 REPRINT") != std::string::npos);
  CHECK(text.find("HN2026112200000077") != std::string::npos);
  const auto audit = f.journal->audit_log(10);
  REQUIRE(audit.size() == 1);
  CHECK(audit[0].event == "receipt.reprint");
  CHECK(audit[0].subject == local_id);
  CHECK_FALSE(f.flow->model().receipt.can_reprint);  // no second tap while it prints
  f.tap("receipt.reprint");
  CHECK(f.printed.size() == 2);

  f.flow->handle_event(kiosk::PrintDone{local_id + "#r1", true, false, "", ""});
  CHECK(f.flow->model().receipt.printed);
  CHECK(f.flow->model().receipt.print_problem_key == "receipt.tear_off");  // cut unconfirmed
  CHECK_FALSE(f.flow->model().receipt.can_reprint);
  // The first print never came out, and a second printed receipt would need another request.
  const auto records = f.journal->for_transaction(local_id);
  REQUIRE(records.size() == 2);
  CHECK(records[1].state == "printed");
  CHECK(records[1].reprint);
}

TEST_CASE("certificates: listed for the identified resident, printed once, outcomes in words") {
  Fixture f;
  f.identify();
  f.tap("item:460100-0003-0004");
  REQUIRE(f.flow->model().item.mode == "print_certificate");
  f.tap("apply");  // not an application: nothing happens
  CHECK(f.flow->model().screen == ScreenId::guide);
  f.tap("certificates");
  REQUIRE(f.flow->model().screen == ScreenId::certificates);
  CHECK(f.flow->model().certificates.loading);
  CHECK(f.certificates_token == "tok");

  kiosk::PlatformAnswer list;
  list.purpose = "certificates";
  list.ticket = f.certificates_ticket;
  list.ok = true;
  list.body = nlohmann::json::array(
      {{{"certificate_id", "CERT-1"},
        {"name", {{"zh", "户籍证明"}, {"en", "Household"}}},
        {"issuer", {{"zh", "公安局"}, {"en", "Police"}}},
        {"issued_at", "2026-10-23T14:34:57+08:00"}},
       {{"certificate_id", "CERT-2"}, {"name", 5}},  // a malformed name does not stop the list
       {{"name", {{"zh", "无编号"}}}}});             // no id: left out
  f.flow->handle_event(list);
  const auto& view = f.flow->model().certificates;
  CHECK_FALSE(view.loading);
  REQUIRE(view.list.size() == 2);
  CHECK(view.list[0].issued == "2026-10-23");
  CHECK(view.list[0].name.zh == "户籍证明");

  f.tap("cert.print:CERT-9");  // not listed: ignored
  CHECK(f.certificate_jobs.empty());
  f.tap("cert.print:CERT-1");
  f.tap("cert.print:CERT-1");  // a second tap while printing: nothing more
  f.tap("cert.print:CERT-2");
  REQUIRE(f.certificate_jobs.size() == 1);
  const std::string job = f.certificate_jobs[0].first;
  CHECK(f.certificate_jobs[0].second == "CERT-1");
  CHECK(view.printing_id == "CERT-1");
  f.tap("back");  // not while printing
  CHECK(f.flow->model().screen == ScreenId::certificates);

  kiosk::PlatformAnswer sent;
  sent.purpose = "certificate.document";
  sent.ok = true;
  sent.body = {{"job_id", job}, {"certificate_id", "CERT-1"}, {"verification_code", "V1234"}};
  f.flow->handle_event(sent);
  f.flow->handle_event(kiosk::CertificatePrintDone{job, false, "media_empty", "aborted"});
  CHECK(view.printing_id.empty());
  CHECK(view.message_key == "certificates.paper_out");
  CHECK(view.message_error);

  // Tried again: a new job; the digest check refuses the document this time.
  f.tap("cert.print:CERT-1");
  REQUIRE(f.certificate_jobs.size() == 2);
  kiosk::PlatformAnswer refused;
  refused.purpose = "certificate.document";
  refused.error.code = "digest_mismatch";
  f.flow->handle_event(refused);
  CHECK(view.message_key == "certificates.digest_mismatch");

  f.tap("cert.print:CERT-1");
  REQUIRE(f.certificate_jobs.size() == 3);
  f.flow->handle_event(kiosk::CertificatePrintDone{f.certificate_jobs[2].first, true, "", ""});
  CHECK(view.message_key == "certificates.printed");
  CHECK_FALSE(view.message_error);

  // The audit log has the verification code and every outcome, and no personal data.
  const auto audit = f.journal->audit_log(10);
  REQUIRE(audit.size() == 4);
  CHECK(audit[3].event == "certificate.sent");
  CHECK(audit[3].detail.find("V1234") != std::string::npos);
  CHECK(audit[2].event == "certificate.not_printed");
  CHECK(audit[1].event == "certificate.refused");
  CHECK(audit[0].event == "certificate.printed");
  for (const auto& line : audit) CHECK(line.detail.find("tok") == std::string::npos);
}

TEST_CASE("certificates need a verified identity and the link") {
  Fixture f;
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  f.flow->handle_event(read);
  kiosk::PlatformAnswer offline;  // the identity check could not reach the platform
  offline.purpose = "identity";
  offline.ticket = f.identity_ticket;
  offline.error.error_class = kiosk::ErrorClass::link;
  f.flow->handle_event(offline);
  REQUIRE(f.flow->model().screen == ScreenId::catalog);
  f.tap("item:460100-0003-0004");
  f.tap("certificates");
  CHECK(f.flow->model().screen == ScreenId::guide);
  CHECK(f.flow->model().notice_key == "notice.certificates_need_identity");
  CHECK(f.certificates_ticket == 0);
}

TEST_CASE("walking away: warning at 60 s, countdown, wipe at 90 s") {
  Fixture f;
  f.reach_form();
  f.clock.now += 59000;
  f.flow->tick();
  CHECK_FALSE(f.flow->model().idle_warning);
  CHECK(*f.flow->next_timer_ms() == 1000);
  f.clock.now += 1000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);
  CHECK(f.flow->model().idle_seconds_left == 30);
  f.clock.now += 10000;
  f.flow->tick();
  CHECK(f.flow->model().idle_seconds_left == 20);
  f.clock.now += 20000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK_FALSE(f.flow->model().idle_warning);
  CHECK(f.flow->model().fields.empty());
  CHECK(f.flow->model().display_name.empty());
  CHECK_FALSE(f.flow->next_timer_ms().has_value());  // nothing timed on the attract screen
  // The next resident finds the catalog as the first one did.
  CHECK(f.flow->model().category == "social-security");
  CHECK(f.flow->model().items.size() == 3);
}

TEST_CASE("a touch during the warning keeps the session") {
  Fixture f;
  f.reach_form();
  f.clock.now += 65000;
  f.flow->tick();
  REQUIRE(f.flow->model().idle_warning);
  f.flow->touched();
  f.flow->tick();
  CHECK_FALSE(f.flow->model().idle_warning);
  CHECK(f.flow->model().screen == ScreenId::form);
}

TEST_CASE("elder mode: one tap in the header, fewer items a page, twice the idle time, not kept") {
  Fixture f;
  f.flow->handle_intent("elder");  // on the attract screen
  CHECK(f.flow->model().elder_mode);
  f.reach_form();
  CHECK(f.flow->model().elder_mode);
  f.flow->handle_intent("elder");  // off and on again from a header
  CHECK_FALSE(f.flow->model().elder_mode);
  f.flow->handle_intent("elder");
  REQUIRE(f.flow->model().elder_mode);
  f.clock.now += 60000;
  f.flow->tick();
  CHECK_FALSE(f.flow->model().idle_warning);  // 120 s, not 60
  f.clock.now += 60000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);
  CHECK(f.flow->model().idle_seconds_left == 60);  // and a countdown of 60 s, not 30
  f.clock.now += 59000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::form);
  f.clock.now += 1000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK_FALSE(f.flow->model().elder_mode);  // the next resident starts in the default mode
  // The platform's elder_mode_default: at once while nobody is in a session, and after each one.
  f.flow->handle_event(kiosk::ConfigReceived{9, {{"elder_mode_default", true}}});
  CHECK(f.flow->model().elder_mode);
  f.flow->handle_event(kiosk::ConfigReceived{10, {{"elder_mode_default", "yes"}}});  // not a bool
  CHECK(f.flow->model().elder_mode);
  f.identify();
  f.flow->handle_intent("elder");
  CHECK_FALSE(f.flow->model().elder_mode);
  f.flow->handle_intent("home");
  f.clock.now += 10 * 60 * 1000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK(f.flow->model().elder_mode);
}

TEST_CASE("an expired card is refused before any platform call") {
  Fixture f;
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  read.card.valid_to = "20200101";
  f.flow->handle_event(read);
  CHECK(f.identity_ticket == 0);
  CHECK(f.flow->model().notice_key == "identify.card_expired");
}

TEST_CASE("a store that refuses the write is said on screen; nothing is confirmed") {
  Fixture f;
  f.reach_submit();
  REQUIRE(f.database->execute("PRAGMA query_only = 1").ok());  // as a read-only filesystem would
  f.tap("submit");
  CHECK(f.flow->model().screen == ScreenId::review);
  CHECK(f.flow->model().notice_key == "notice.store_failed");
  CHECK(f.flow->model().notice_is_error);
  CHECK(f.wakes == 0);
  REQUIRE(f.database->execute("PRAGMA query_only = 0").ok());
  CHECK(f.outbox->counts().pending == 0);
  // Once storage works again the same resident can submit.
  f.tap("submit");
  CHECK(f.flow->model().screen == ScreenId::submitting);
  CHECK(f.outbox->counts().pending == 1);
}

TEST_CASE("a terminal the platform disabled starts no session by any path: tap, card or e-ID") {
  Fixture f;
  f.flow->handle_event(
      kiosk::LinkChanged{kiosk::LinkState::disabled, "403", "terminal_disabled", 1000});
  CHECK(f.flow->model().link == "disabled");
  CHECK_FALSE(f.flow->model().link_up);
  // Residents see the out-of-service screen (with the 12345 hotline), which offers nothing.
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  f.tap("start");
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  f.flow->handle_event(read);
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  CHECK(f.identity_ticket == 0);  // no platform call for the card
  CHECK(f.flow->model().display_name.empty());
  drivers::ScanEvent scan;
  scan.kind = drivers::ScanEvent::Kind::scanned;
  scan.code = "EID1:11010519491231002X:张三";
  f.flow->handle_event(scan);
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  CHECK(f.identity_ticket == 0);
  // Enabled again: residents are served.
  f.flow->handle_event(kiosk::LinkChanged{kiosk::LinkState::up, "", "", 2000});
  CHECK(f.flow->model().screen == ScreenId::attract);
  f.tap("start");
  CHECK(f.flow->model().screen == ScreenId::catalog);
}

TEST_CASE("submitting twice is one transaction: one entry, one case, one receipt") {
  Fixture f;
  f.reach_submit();
  // Two taps before anything else happens (the second queued behind the first).
  f.flow->handle_intent("submit");
  f.flow->handle_intent("submit");
  CHECK(f.store_requests.size() == 1);  // the second is the same transaction: not asked again
  f.settle();
  CHECK(f.outbox->counts().pending == 1);
  // Even if the same transaction reaches the store twice (a retry after a late answer), it is
  // one row: the idempotency key is the transaction's, made once.
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  kiosk::StoreRequest again;
  again.transaction_id = entry->idempotency_key;
  again.kind = "application";
  again.terminal_id = "T1";
  again.day = "20261118";
  again.payload_takes_local_id = true;
  again.payload = nlohmann::json::object();
  const kiosk::Stored repeated = kiosk::store_transaction(*f.outbox, *f.state, again);
  CHECK(repeated.ok);
  CHECK(repeated.already);
  CHECK(repeated.local_id == entry->local_id);
  CHECK(f.outbox->counts().pending == 1);

  kiosk::SyncOutcome accepted;
  accepted.transaction_id = entry->idempotency_key;
  accepted.kind = "application";
  accepted.local_id = entry->local_id;
  accepted.result = kiosk::SyncOutcome::Result::accepted;
  accepted.reply = {{"case_id", "HN2026112200000001"}};
  f.flow->handle_event(accepted);
  f.flow->handle_event(accepted);  // a replayed answer changes nothing
  REQUIRE(f.flow->model().screen == ScreenId::receipt);
  CHECK(f.printed.size() == 1);

  // The evaluation's submit, twice: one evaluation.
  f.tap("to.evaluate");
  f.tap("eval:5");
  f.flow->handle_intent("eval.submit");
  f.flow->handle_intent("eval.submit");
  CHECK(f.store_requests.size() == 1);
  f.settle();
  CHECK(f.flow->model().screen == ScreenId::goodbye);
  CHECK(f.outbox->counts().pending == 2);
}

TEST_CASE("a sync answer for another transaction never reaches this resident's screen") {
  Fixture f;
  // Resident A's application is stored, sent and deleted: its row id is free again.
  auto earlier = f.outbox->enqueue("application", "T1-20261118-0001", "{}", f.clock.unix_ms());
  REQUIRE(earlier.status.ok());
  REQUIRE(f.outbox->complete(earlier.entry.id, "HN-A", f.clock.unix_ms()).ok());
  // Resident B submits: SQLite hands out the same row id.
  f.reach_submit();
  f.tap("submit");
  auto mine = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(mine);
  CHECK(mine->id == earlier.entry.id);  // the premise: a row id comes back
  // A's answer, late: same row id, other transaction.
  kiosk::SyncOutcome late;
  late.transaction_id = earlier.entry.idempotency_key;
  late.kind = "application";
  late.local_id = earlier.entry.local_id;
  late.result = kiosk::SyncOutcome::Result::accepted;
  late.reply = {{"case_id", "HN-A"}};
  f.flow->handle_event(late);
  CHECK(f.flow->model().screen == ScreenId::submitting);
  CHECK(f.flow->model().receipt.case_id.empty());
}

TEST_CASE("a card after a long idle time opens a session that stays while the resident acts") {
  Fixture f;
  f.clock.now += 10LL * 60 * 1000;  // nobody came for ten minutes
  f.flow->tick();
  f.identify();
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::catalog);
  CHECK_FALSE(f.flow->model().idle_warning);
  f.clock.now += 5000;
  f.flow->tick();
  f.tap("item:460100-0001-0001");
  CHECK(f.flow->model().screen == ScreenId::guide);
}

TEST_CASE("an e-ID code after a long idle time is not wiped") {
  Fixture f;
  f.clock.now += 10LL * 60 * 1000;
  drivers::ScanEvent scan;
  scan.kind = drivers::ScanEvent::Kind::scanned;
  scan.code = "EID1:11010519491231002X:张三";
  f.flow->handle_event(scan);
  REQUIRE(f.flow->model().screen == ScreenId::identify);
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::identify);
  CHECK_FALSE(f.flow->model().idle_warning);
}

TEST_CASE("each card type's own number passes the form; an expired permit is named") {
  for (const std::string sample : {"zhang-san", "chan-tai-man", "john-smith", "maria-garcia"}) {
    CAPTURE(sample);
    auto card = drivers::sample_card(sample);
    REQUIRE(card);
    Fixture f;
    drivers::CardReaderEvent read;
    read.kind = drivers::CardReaderEvent::Kind::cardRead;
    read.card = *card;
    f.flow->handle_event(read);
    kiosk::PlatformAnswer answer;
    answer.purpose = "identity";
    answer.ticket = f.identity_ticket;
    answer.ok = true;
    answer.body = {{"person_token", "tok"}, {"display_name", "*"}};
    f.flow->handle_event(answer);
    REQUIRE(f.flow->model().screen == ScreenId::catalog);
    f.tap("item:460100-0001-0001");
    f.tap("apply");
    f.fill_pension_form("200");
    // The card's own number is accepted (foreign cards carry no address: typing one is the
    // on-screen keyboard's work, so only the number's verdict is asked here).
    for (const auto& field : f.flow->model().fields) {
      if (field.key == "id_number") CHECK(field.error.zh.empty());
    }
    if (card->type == drivers::CardType::resident || card->type == drivers::CardType::hmtResidence)
      CHECK(f.flow->model().screen == ScreenId::review);
  }
  auto permit = drivers::sample_card("chan-tai-man");
  REQUIRE(permit);
  permit->valid_to = "20200101";
  permit->valid_from = "20150101";
  Fixture f;
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *permit;
  f.flow->handle_event(read);
  CHECK(f.flow->model().notice_key == "identify.permit_expired");
}

TEST_CASE("taking the card away is a card event, not a device on the status line") {
  Fixture f;
  drivers::CardReaderEvent removed;
  removed.kind = drivers::CardReaderEvent::Kind::cardRemoved;
  f.flow->handle_event(removed);
  CHECK(f.flow->model().devices.empty());
}

TEST_CASE("only what the current screen offers is acted on") {
  Fixture f;
  // On the attract screen a "submit", an "apply" or an item do nothing.
  for (const char* intent : {"submit", "apply", "item:460100-0001-0001", "eval.submit", "finish",
                             "key:5", "no-such-intent", "eval:9", ""}) {
    f.tap(intent);
    CHECK(f.flow->model().screen == ScreenId::attract);
  }
  CHECK(f.store_requests.empty());
  CHECK(f.outbox->counts().pending == 0);
  // On the receipt, Submit is no longer offered (the frame that had it is gone).
  f.reach_submit();
  f.tap("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  const auto epoch = f.flow->screen_epoch();
  f.tap("submit");
  f.tap("back");
  CHECK(f.flow->model().screen == ScreenId::submitting);
  CHECK(f.flow->screen_epoch() == epoch);
  CHECK(f.outbox->counts().pending == 1);
}

TEST_CASE("a full disk is said on screen before the resident leaves; nothing half-written") {
  Fixture f;
  f.reach_submit();
  // SQLite's page limit stands in for the file system: the same SQLITE_FULL. A backlog fills
  // what is left, down to the last few bytes.
  REQUIRE(f.database->execute("PRAGMA max_page_count = 1").ok());
  int backlog = 0;
  for (std::size_t size : {4000, 1000, 300, 100, 30}) {
    while (
        f.outbox->enqueue("application", "B" + std::to_string(backlog), std::string(size, 'x'), 0)
            .status.ok()) {
      ++backlog;
    }
  }
  REQUIRE(f.outbox->counts().pending == backlog);
  f.tap("submit");
  CHECK(f.flow->model().screen == ScreenId::review);
  CHECK(f.flow->model().notice_key == "notice.disk_full");
  CHECK(f.flow->model().notice_is_error);
  CHECK(f.wakes == 0);
  CHECK(f.outbox->counts().pending == backlog);
}

TEST_CASE("an enrolled terminal takes a provisioning code only once the platform refuses it") {
  Fixture f;
  std::vector<std::string> enrollments;
  // Rebuild the flow as an enrolled terminal whose enroll port records what it is asked.
  kiosk::FlowSettings settings;
  settings.terminal_id = "T4601050001";
  settings.enrolled = true;
  kiosk::FlowPorts ports;
  ports.enroll = [&](const std::string& code) { enrollments.push_back(code); };
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  drivers::ScanEvent scan;
  scan.kind = drivers::ScanEvent::Kind::scanned;
  scan.code = "kiosk-enroll:v1:eyJ0b2tlbiI6InRva2VuIn0";
  flow.handle_event(kiosk::LinkChanged{kiosk::LinkState::up, "", "", 1000});
  flow.handle_event(scan);
  CHECK(enrollments.empty());  // someone else's code cannot re-point a working terminal
  flow.handle_event(kiosk::LinkChanged{kiosk::LinkState::down, "cut", "timeout", 2000});
  CHECK(flow.model().link_reason == "status.reason.timeout");
  flow.handle_event(scan);
  CHECK(enrollments.empty());  // a cut cable is not a reason either
  flow.handle_event(kiosk::LinkChanged{kiosk::LinkState::held, "401", "certificate_expired", 3000});
  flow.handle_event(scan);
  CHECK(enrollments.size() == 1);  // the platform refused the certificate: re-enroll
}

namespace {
drivers::ScanEvent scanned(const std::string& code) {
  drivers::ScanEvent scan;
  scan.kind = drivers::ScanEvent::Kind::scanned;
  scan.code = code;
  return scan;
}
}  // namespace

TEST_CASE("a mobile e-ID code identifies the resident online; without the link it cannot") {
  Fixture f;
  f.flow->handle_event(scanned("EID1:11010519491231002X:张三"));
  CHECK(f.flow->model().screen == ScreenId::identify);
  REQUIRE(f.identity_ticket != 0);
  kiosk::PlatformAnswer offline;
  offline.purpose = "identity";
  offline.ticket = f.identity_ticket;
  offline.error.error_class = kiosk::ErrorClass::link;
  f.flow->handle_event(offline);
  CHECK(f.flow->model().screen == ScreenId::identify);
  CHECK(f.flow->model().notice_key == "identify.eid_needs_link");

  f.flow->handle_event(scanned("EID1:11010519491231002X:张三"));
  kiosk::PlatformAnswer ok;
  ok.purpose = "identity";
  ok.ticket = f.identity_ticket;
  ok.ok = true;
  ok.body = {{"person_token", "tok"}, {"display_name", "张*"}};
  f.flow->handle_event(ok);
  CHECK(f.flow->model().screen == ScreenId::catalog);
  CHECK(f.flow->model().display_name == "张*");
  // A second e-ID code mid-journey does not switch residents.
  const auto ticket = f.identity_ticket;
  f.flow->handle_event(scanned("EID1:932682198501010017:玛丽亚"));
  CHECK(f.identity_ticket == ticket);
}

TEST_CASE("a refused e-ID code says so; malformed and unknown codes get their own words") {
  Fixture f;
  f.flow->handle_event(scanned("EID1:11010519491231002X:张三"));
  kiosk::PlatformAnswer refused;
  refused.purpose = "identity";
  refused.ticket = f.identity_ticket;
  refused.error.error_class = kiosk::ErrorClass::permanent;
  refused.error.code = "token_invalid";
  f.flow->handle_event(refused);
  CHECK(f.flow->model().notice_key == "identify.eid_invalid");
  CHECK(f.flow->model().screen == ScreenId::identify);
  const auto ticket = f.identity_ticket;
  f.flow->handle_event(scanned("EID1:11010519491231002Y:张三"));
  CHECK(f.flow->model().notice_key == "scan.rejected");
  CHECK(f.identity_ticket == ticket);  // nothing went to the platform
  f.flow->handle_event(scanned("https://example.com"));
  CHECK(f.flow->model().notice_key == "scan.unknown");
  drivers::ScanEvent garbled;
  garbled.kind = drivers::ScanEvent::Kind::rejected;
  garbled.message = "scan holds control bytes";
  f.flow->handle_event(garbled);
  CHECK(f.flow->model().notice_key == "scan.unreadable");
}

TEST_CASE("a receipt's tracking code opens 办件查询: the case, its status in words and history") {
  Fixture f;
  unsigned long long ticket = 0;
  std::string path;
  kiosk::FlowPorts ports;
  ports.query_case = [&](unsigned long long t, const std::string& p) {
    ticket = t;
    path = p;
  };
  kiosk::FlowSettings settings;
  settings.terminal_id = "T1";
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  flow.handle_event(scanned("YWTRACK:1:C:HN2026112100012345"));
  REQUIRE(flow.model().screen == ScreenId::progress);
  CHECK(path == "/v1/applications/HN2026112100012345");
  CHECK(flow.model().progress.loading);
  kiosk::PlatformAnswer found;
  found.purpose = "case.status";
  found.ticket = ticket;
  found.ok = true;
  found.body = {{"case_id", "HN2026112100012345"},
                {"status", "correction_required"},
                {"promised_by", "2026-11-28"},
                {"item_name", {{"zh", "户籍证明开具"}, {"en", "Household certificate"}}},
                {"history",
                 {{{"at", "2026-11-21T09:30:00+08:00"}, {"status", "accepted"}},
                  {{"at", "2026-11-22T10:00:00+08:00"},
                   {"status", "correction_required"},
                   {"note", {{"zh", "请补交户口簿"}, {"en", "Bring the household register"}}}}}}};
  flow.handle_event(found);
  const auto& progress = flow.model().progress;
  CHECK_FALSE(progress.loading);
  REQUIRE(progress.cases.size() == 1);
  CHECK(progress.selected == 0);
  CHECK(progress.cases[0].status == "correction_required");
  REQUIRE(progress.cases[0].history.size() == 2);
  CHECK(progress.cases[0].history[1].note.zh == "请补交户口簿");
  CHECK(progress.cases[0].item_name.zh == "户籍证明开具");

  // A provisional number the platform does not know (yet): said in words, not an error.
  flow.handle_event(scanned("YWTRACK:1:L:T1-20261122-0001"));
  CHECK(path == "/v1/applications?local_id=T1-20261122-0001");
  kiosk::PlatformAnswer none;
  none.purpose = "case.status";
  none.ticket = ticket;
  none.ok = true;
  none.body = nlohmann::json::array();
  flow.handle_event(none);
  CHECK(flow.model().progress.message_key == "progress.none");

  // Mid-journey a code only says the status in a banner.
  flow.handle_intent("back");
  CHECK(flow.model().screen == ScreenId::attract);
}

TEST_CASE(
    "progress: a provisional number still in this kiosk's outbox is saved here, with its age") {
  Fixture f;
  f.submit_fee_item();
  f.clock.now += 8001;
  f.flow->tick();  // the provisional receipt
  const std::string local_id = f.flow->model().receipt.local_id;
  REQUIRE_FALSE(local_id.empty());
  f.tap("to.evaluate");
  f.tap("eval.skip");
  f.tap("finish");
  REQUIRE(f.flow->model().screen == ScreenId::attract);
  // (the fixture's flow has no query port: the answer below comes from the outbox alone)
  f.clock.now += 7 * 60 * 1000;
  f.flow->handle_event(scanned("YWTRACK:1:L:" + local_id));
  const auto& progress = f.flow->model().progress;
  REQUIRE(f.flow->model().screen == ScreenId::progress);
  CHECK(progress.queued_local_id == local_id);
  CHECK(progress.queued_minutes == 7);
  CHECK_FALSE(progress.loading);
  CHECK(progress.message_key.empty());
}

TEST_CASE("progress by card: the resident's cases, newest first, one in detail, back to the list") {
  Fixture f;
  unsigned long long ticket = 0, identity = 0;
  std::string path;
  kiosk::FlowPorts ports;
  ports.query_case = [&](unsigned long long t, const std::string& p) {
    ticket = t;
    path = p;
  };
  ports.verify_identity = [&](unsigned long long t, nlohmann::json) { identity = t; };
  kiosk::FlowSettings settings;
  settings.terminal_id = "T1";
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  flow.handle_intent("progress");
  REQUIRE(flow.model().screen == ScreenId::progress);
  CHECK(path.empty());  // nobody identified: the screen asks for a code or a card
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  flow.handle_event(read);
  REQUIRE(identity != 0);
  CHECK(flow.model().screen == ScreenId::progress);
  kiosk::PlatformAnswer verified;
  verified.purpose = "identity";
  verified.ticket = identity;
  verified.ok = true;
  verified.body = {{"person_token", "tok"}, {"display_name", "张*"}};
  flow.handle_event(verified);
  CHECK(flow.model().screen == ScreenId::progress);
  CHECK(path == "/v1/applications?person_token=tok");
  kiosk::PlatformAnswer list;
  list.purpose = "case.status";
  list.ticket = ticket;
  list.ok = true;
  list.body = {{{"case_id", "HN1"}, {"status", "completed"}},
               {{"case_id", "HN2"}, {"status", "accepted"}}};
  flow.handle_event(list);
  const auto& progress = flow.model().progress;
  REQUIRE(progress.cases.size() == 2);
  CHECK(progress.cases[0].case_id == "HN2");  // newest first
  CHECK(progress.selected == -1);
  flow.handle_intent("case:HN1");
  CHECK(progress.selected == 1);
  flow.handle_intent("case:HN9");  // not in the list
  CHECK(progress.selected == 1);
  flow.handle_intent("back");
  CHECK(progress.selected == -1);
  flow.handle_intent("back");
  CHECK(flow.model().screen == ScreenId::catalog);  // identified now
}

TEST_CASE("progress: what the network sends is bounded before it reaches the screen") {
  Fixture f;
  unsigned long long ticket = 0;
  kiosk::FlowPorts ports;
  ports.query_case = [&](unsigned long long t, const std::string&) { ticket = t; };
  kiosk::FlowSettings settings;
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  flow.handle_event(scanned("YWTRACK:1:C:HN2026112100012345"));
  nlohmann::json many = nlohmann::json::array();
  nlohmann::json history = nlohmann::json::array();
  for (int i = 0; i < 1000; ++i) history.push_back({{"status", "accepted"}, {"at", 5}});
  for (int i = 0; i < 500; ++i)
    many.push_back({{"case_id", std::string(10000, 'x')}, {"status", 7}, {"history", history}});
  many.push_back("not an object");
  kiosk::PlatformAnswer answer;
  answer.purpose = "case.status";
  answer.ticket = ticket;
  answer.ok = true;
  answer.body = many;
  flow.handle_event(answer);
  const auto& progress = flow.model().progress;
  CHECK(progress.cases.size() == 50);
  CHECK(progress.cases[0].case_id.size() <= 200);
  CHECK(progress.cases[0].history.size() == 30);
  CHECK(progress.cases[0].status.empty());
}

TEST_CASE("a reader working through a damaged line shows communication errors on the status line") {
  Fixture f;
  drivers::CardReaderEvent status;
  status.status = {"idcard", "CardReader", drivers::DeviceState::online,
                   "communication errors: damaged replies on the line (/dev/ttyUSB0)"};
  f.flow->handle_event(status);
  CHECK(f.flow->model().devices.at("idcard") == "communication_errors");
  status.status.detail = "/dev/ttyUSB0";  // the line is clean again
  f.flow->handle_event(status);
  CHECK(f.flow->model().devices.at("idcard") == "online");
}

TEST_CASE("a reader with communication errors is said where a card can be placed") {
  Fixture f;
  drivers::CardReaderEvent status;
  status.kind = drivers::CardReaderEvent::Kind::statusChanged;
  status.status.name = "idcard";
  status.status.state = drivers::DeviceState::online;
  status.status.detail = "communication errors: 3 damaged replies";
  f.flow->handle_event(status);
  CHECK(f.flow->model().notice_key == "identify.reader_trouble");
  CHECK(f.flow->model().devices.at("idcard") == "communication_errors");
  status.status.detail.clear();  // the line is clean again
  f.flow->handle_event(status);
  CHECK(f.flow->model().notice_key.empty());
  CHECK(f.flow->model().devices.at("idcard") == "online");
}

TEST_CASE("maintenance mode: the gesture parks the resident's session, the PIN opens it") {
  Fixture f;
  kiosk::PinGuard guard(*f.state, *f.journal, f.clock);
  REQUIRE(guard.set_pin("246810", "test").ok());
  f.reach_form();
  REQUIRE_FALSE(f.flow->model().display_name.empty());
  f.flow->maintenance_gesture();
  // The resident is gone from memory and screen before anyone types a PIN.
  CHECK(f.flow->model().screen == ScreenId::maintenance_pin);
  CHECK(f.flow->model().display_name.empty());
  CHECK(f.flow->model().fields.empty());
  // Resident intents are not offered on the PIN pad.
  f.tap("form.next");
  CHECK(f.flow->model().screen == ScreenId::maintenance_pin);
  for (char c : std::string("111111")) f.tap(std::string("key:") + c);
  CHECK(f.flow->model().maintenance.pin_length == 6);
  f.tap("pin.ok");
  CHECK(f.flow->model().screen == ScreenId::maintenance_pin);
  CHECK(f.flow->model().maintenance.message_key == "maint.pin.wrong");
  CHECK(f.flow->model().maintenance.message_detail == "4");
  CHECK(f.flow->model().maintenance.pin_length == 0);  // wiped after the try
  for (char c : std::string("2468100")) f.tap(std::string("key:") + c);
  f.tap("key:del");
  f.tap("pin.ok");
  REQUIRE(f.flow->model().screen == ScreenId::maintenance);
  // A card placed now does not start a resident session: the devices are the technician's.
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  f.flow->handle_event(read);
  CHECK(f.flow->model().screen == ScreenId::maintenance);
  f.tap("maint.audit");
  CHECK(f.flow->model().maintenance.audit_key == "maint.audit.intact");
  f.tap("maint.exit");
  CHECK(f.flow->model().screen == ScreenId::attract);
  std::vector<std::string> events;
  for (const auto& r : f.journal->audit_log(20)) events.insert(events.begin(), r.event);
  const std::vector<std::string> expected{"maintenance.pin_set",        "maintenance.gesture",
                                          "maintenance.session_parked", "maintenance.pin_wrong",
                                          "maintenance.pin_accepted",   "maintenance.entered",
                                          "maintenance.audit_checked",  "maintenance.left"};
  CHECK(events == expected);
}

TEST_CASE("maintenance mode: cancel goes back to residents; idle time leaves it, audited") {
  Fixture f;
  f.flow->maintenance_gesture();
  CHECK(f.flow->model().screen == ScreenId::maintenance_pin);
  CHECK(f.flow->model().maintenance.message_key == "maint.pin.none");  // no PIN set yet
  f.tap("back");
  CHECK(f.flow->model().screen == ScreenId::attract);
  kiosk::PinGuard guard(*f.state, *f.journal, f.clock);
  REQUIRE(guard.set_pin("246810", "test").ok());
  f.flow->maintenance_gesture();
  for (char c : std::string("246810")) f.tap(std::string("key:") + c);
  f.tap("pin.ok");
  REQUIRE(f.flow->model().screen == ScreenId::maintenance);
  f.clock.now += 10 * 60 * 1000;  // the technician walked away
  f.flow->tick();
  f.clock.now += 10 * 60 * 1000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  const auto last = f.journal->audit_log(1);
  REQUIRE(last.size() == 1);
  CHECK(last[0].event == "maintenance.left");
  CHECK(last[0].detail == "idle timeout");
}

TEST_CASE("heartbeat commands: once each, never in front of a resident, each result kept") {
  Fixture f;
  store::CommandLog log(*f.database);
  const auto command = [&](const std::string& id, const std::string& type) {
    const nlohmann::json body = {{"id", id}, {"type", type}};
    if (log.receive(id, type, body.dump(), 1)) {
      f.flow->handle_event(kiosk::RemoteCommand{id, type, body});
    }
  };
  f.identify();  // a resident is on the catalog
  command("c-1", "disable");
  CHECK(log.to_report().empty());  // waits for the resident
  CHECK(f.flow->model().screen == ScreenId::catalog);
  f.clock.now += 10 * 60 * 1000;  // the resident walks away: the idle wipe
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  CHECK(f.flow->out_of_service());
  auto done = log.to_report();
  REQUIRE(done.size() == 1);
  CHECK(done[0].ok);
  log.reported({"c-1"});
  // The same id again (a platform that resends): never run twice.
  command("c-1", "enable");
  f.flow->handle_event(kiosk::RemoteCommand{"c-1", "enable", {}});
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  CHECK(log.to_report().empty());
  // No session can start while disabled; enable brings residents back.
  f.tap("start");
  CHECK(f.flow->model().screen == ScreenId::out_of_service);
  command("c-2", "enable");
  CHECK(f.flow->model().screen == ScreenId::attract);
  command("c-3", "format_disk");
  command("c-4", "update");  // this kiosk has no updater port
  done = log.to_report();
  REQUIRE(done.size() == 3);
  CHECK(done[0].ok);
  CHECK_FALSE(done[1].ok);
  CHECK(done[1].detail.find("unknown command type") != std::string::npos);
  CHECK_FALSE(done[2].ok);
  CHECK(done[2].detail.find("not supported") != std::string::npos);
  // Configuration applies without a restart, and its version is kept for the heartbeat.
  f.flow->handle_event(kiosk::ConfigReceived{7, {{"idle_timeout_s", 20}, {"idle_countdown_s", 5}}});
  CHECK(f.state->value("config.version") == "7");
  f.identify();
  f.clock.now += 21 * 1000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);  // after 20 s now, not 60
  // The 5 s countdown asked for is 20 s: the least a warning gives (WCAG 2.2.1).
  f.clock.now += 5 * 1000;
  f.flow->tick();
  CHECK(f.flow->model().screen != ScreenId::attract);
  f.clock.now += 15 * 1000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
}

TEST_CASE(
    "payment: an accepted case with a fee shows its QR code, polls, and the receipt says paid") {
  Fixture f;
  f.submit_fee_item();
  f.accept_with_fee();
  const auto& model = f.flow->model();
  REQUIRE(model.screen == ScreenId::payment);
  CHECK(model.payment.stage == "creating");
  CHECK(model.payment.amount_fen == 1000);
  CHECK(model.payment.case_id == "HN2026112200000088");
  CHECK(model.payment.fee_basis.zh == "工本费每本10元");
  CHECK(f.printed.empty());  // the receipt says what became of the payment
  REQUIRE(f.orders.size() == 1);
  CHECK(f.orders[0].body ==
        nlohmann::json{{"case_id", "HN2026112200000088"}, {"amount_fen", 1000}});
  CHECK(f.orders[0].key_or_order.size() == 36);  // a UUID of its own

  f.answer_order(f.good_order("PO1"));
  CHECK(model.payment.stage == "pending");
  CHECK(model.payment.qr.size >= 21 + 8);
  CHECK(model.payment.seconds_left == 900);
  f.poll_answers("pending");
  CHECK(f.polls.back().key_or_order == "PO1");
  CHECK(model.payment.stage == "pending");
  CHECK(model.payment.seconds_left < 900);
  // Paying on a phone takes a while: no idle warning while the order is pending.
  f.clock.now += 200000;
  f.flow->tick();
  CHECK_FALSE(model.idle_warning);
  CHECK(model.screen == ScreenId::payment);
  f.poll_answers("paid");
  REQUIRE(model.screen == ScreenId::receipt);
  CHECK(model.receipt.paid_fen == 1000);
  CHECK(model.receipt.case_id == "HN2026112200000088");
  REQUIRE(f.printed.size() == 1);
  const std::string text = f.printed_text(0);
  CHECK(text.find("已缴费 Paid: ￥10.00") != std::string::npos);
  CHECK(text.find("应缴费用") == std::string::npos);
  // Polling stops with the screen.
  const std::size_t polls = f.polls.size();
  f.clock.now += 10000;
  f.flow->tick();
  CHECK(f.polls.size() == polls);
}

TEST_CASE("payment: an expired order offers a new one (a new key) or paying later") {
  Fixture f;
  f.submit_fee_item();
  f.accept_with_fee();
  f.answer_order(f.good_order("PO1"));
  f.poll_answers("expired");
  const auto& model = f.flow->model();
  CHECK(model.payment.stage == "expired");
  f.tap("pay.new");
  REQUIRE(f.orders.size() == 2);
  CHECK(f.orders[1].key_or_order != f.orders[0].key_or_order);
  CHECK(model.payment.stage == "creating");
  f.tap("pay.new");  // one order at a time
  CHECK(f.orders.size() == 2);
  f.answer_order(f.good_order("PO2"));
  f.poll_answers("cancelled");
  CHECK(model.payment.stage == "cancelled");
  f.tap("pay.later");
  REQUIRE(model.screen == ScreenId::receipt);
  CHECK(model.receipt.paid_fen == 0);
  CHECK(model.receipt.fee_fen == 1000);
  REQUIRE(f.printed.size() == 1);
  const std::string text = f.printed_text(0);
  CHECK(text.find("应缴费用 Fee due: ￥10.00") != std::string::npos);
  CHECK(text.find("已缴费") == std::string::npos);
  CHECK(text.find("HN2026112200000088") != std::string::npos);
}

TEST_CASE("payment: walking away from an ended order still prints the receipt, fee due") {
  Fixture f;
  f.submit_fee_item();
  f.accept_with_fee();
  f.answer_order(f.good_order("PO1"));
  f.poll_answers("expired");
  f.clock.now += 61000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);
  f.clock.now += 30000;
  f.flow->tick();
  REQUIRE(f.flow->model().screen == ScreenId::receipt);
  REQUIRE(f.printed.size() == 1);
  CHECK(f.printed_text(0).find("应缴费用") != std::string::npos);
}

TEST_CASE("payment: an order the kiosk cannot trust is not shown") {
  for (const nlohmann::json& bad :
       {nlohmann::json{{"order_id", "../../terminals/x"},
                       {"qr_payload", "https://pay.example/x"},
                       {"expires_at", "2026-11-18T10:00:00+08:00"}},
        nlohmann::json{{"order_id", "PO1"},
                       {"qr_payload", "javascript:alert(1)"},
                       {"expires_at", "2026-11-18T10:00:00+08:00"}},
        nlohmann::json{{"order_id", "PO1"},
                       {"qr_payload", "https://pay.example/" + std::string(600, 'x')},
                       {"expires_at", "2026-11-18T10:00:00+08:00"}},
        nlohmann::json{{"order_id", "PO1"},
                       {"qr_payload", "https://pay.example/x"},
                       {"expires_at", "tomorrow"}}}) {
    Fixture f;
    f.submit_fee_item();
    f.accept_with_fee();
    f.answer_order(bad);
    CHECK(f.flow->model().payment.stage == "failed");
    CHECK(f.flow->model().payment.qr.size == 0);
    f.clock.now += 5000;
    f.flow->tick();
    CHECK(f.polls.empty());
  }
}

TEST_CASE("payment needs the link: never queued; offline the receipt says the fee is still due") {
  SUBCASE("the link fails while the order is made") {
    Fixture f;
    f.submit_fee_item();
    f.accept_with_fee();
    kiosk::PlatformAnswer lost;
    lost.purpose = "payment.order";
    lost.ticket = f.orders.back().ticket;
    lost.error.error_class = kiosk::ErrorClass::link;
    f.flow->handle_event(lost);
    CHECK(f.flow->model().payment.stage == "needs_link");
    kiosk::LinkChanged down;
    down.state = kiosk::LinkState::down;
    f.flow->handle_event(down);
    f.tap("pay.new");  // no link: no order, nothing queued
    CHECK(f.orders.size() == 1);
    CHECK(f.flow->model().payment.stage == "needs_link");
    CHECK(f.outbox->counts().pending == 1);  // only the application, still in the outbox
    f.tap("pay.later");
    CHECK(f.flow->model().screen == ScreenId::receipt);
    CHECK(f.printed_text(0).find("应缴费用") != std::string::npos);
  }
  SUBCASE("no case number in time: the provisional receipt, no order at all") {
    Fixture f;
    f.submit_fee_item();
    f.clock.now += 8001;
    f.flow->tick();
    const auto& model = f.flow->model();
    REQUIRE(model.screen == ScreenId::receipt);
    CHECK_FALSE(model.receipt.online);
    CHECK(model.receipt.fee_fen == 1000);
    CHECK(f.orders.empty());
    CHECK(f.outbox->counts().pending == 1);
    CHECK(f.printed_text(0).find("应缴费用 Fee due: ￥10.00") != std::string::npos);
  }
}

TEST_CASE("start: catalog and guides without identity; identity asked on apply, then the form") {
  Fixture f;
  f.tap("start");
  REQUIRE(f.flow->model().screen == ScreenId::catalog);
  CHECK(f.flow->model().display_name.empty());
  CHECK(f.identity_ticket == 0);
  // A guide-only item: read, nothing to apply for; home stays in the catalog.
  f.tap("item:460100-0002-0003");
  REQUIRE(f.flow->model().screen == ScreenId::guide);
  CHECK(f.flow->model().item.mode == "guide_only");
  f.tap("apply");  // no such button on a guide-only item; the flow refuses it too
  CHECK(f.flow->model().screen == ScreenId::guide);
  f.tap("home");
  CHECK(f.flow->model().screen == ScreenId::catalog);
  // Apply asks for the identity; back returns to the guide, still browsing.
  f.tap("item:460100-0001-0001");
  f.tap("apply");
  REQUIRE(f.flow->model().screen == ScreenId::identify);
  f.tap("back");
  CHECK(f.flow->model().screen == ScreenId::guide);
  f.tap("apply");
  REQUIRE(f.flow->model().screen == ScreenId::identify);
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  f.flow->handle_event(read);
  REQUIRE(f.identity_ticket != 0);
  kiosk::PlatformAnswer answer;
  answer.purpose = "identity";
  answer.ticket = f.identity_ticket;
  answer.ok = true;
  answer.body = {{"person_token", "tok"}, {"display_name", "张*"}};
  f.flow->handle_event(answer);
  // Identified: the form of the item they were reading, filled from the card.
  REQUIRE(f.flow->model().screen == ScreenId::form);
  CHECK(f.flow->model().item.code == "460100-0001-0001");
  // Leaving wipes the browsing state too: the next resident starts at the attract screen.
  f.tap("home");
  CHECK(f.flow->model().screen == ScreenId::catalog);
  f.clock.now += 60000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);
  f.clock.now += 30000;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK(f.flow->model().display_name.empty());
}

TEST_CASE("a completed case not yet rated is rated from 办件查询; a rated one offers no rating") {
  Fixture f;
  unsigned long long ticket = 0;
  std::vector<kiosk::StoreRequest> stored;
  kiosk::FlowPorts ports;
  ports.query_case = [&](unsigned long long t, const std::string&) { ticket = t; };
  ports.store = [&](kiosk::StoreRequest request) { stored.push_back(std::move(request)); };
  kiosk::FlowSettings settings;
  settings.terminal_id = "T1";
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  auto show = [&](bool evaluated, const char* status) {
    flow.handle_event(scanned("YWTRACK:1:C:HN2026112100012345"));
    REQUIRE(flow.model().screen == ScreenId::progress);
    kiosk::PlatformAnswer found;
    found.purpose = "case.status";
    found.ticket = ticket;
    found.ok = true;
    found.body = {{"case_id", "HN2026112100012345"},
                  {"local_id", "T1-20261121-0001"},
                  {"item_code", "460100-0001-0001"},
                  {"status", status},
                  {"evaluated", evaluated},
                  {"item_name", {{"zh", "城乡居民养老保险参保登记"}, {"en", "Pension"}}}};
    flow.handle_event(found);
    REQUIRE(flow.model().progress.selected == 0);
  };
  show(true, "completed");
  CHECK_FALSE(ui::case_rateable(flow.model().progress.cases[0]));
  flow.handle_intent("case.rate");  // rated already: nothing happens
  CHECK(flow.model().screen == ScreenId::progress);
  flow.handle_intent("back");
  show(false, "in_review");  // not finished: nothing to rate yet
  flow.handle_intent("case.rate");
  CHECK(flow.model().screen == ScreenId::progress);
  flow.handle_intent("back");
  show(false, "completed");
  CHECK(ui::case_rateable(flow.model().progress.cases[0]));
  flow.handle_intent("case.rate");
  REQUIRE(flow.model().screen == ScreenId::evaluate);
  flow.handle_intent("eval:5");
  flow.handle_intent("eval.submit");
  flow.handle_intent("eval.submit");
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].kind == "evaluation");
  CHECK(stored[0].payload["case_id"] == "HN2026112100012345");
  CHECK(stored[0].payload["item_code"] == "460100-0001-0001");
  CHECK(stored[0].payload["level"] == 5);
  flow.handle_event(kiosk::store_transaction(*f.outbox, *f.state, std::move(stored[0])));
  CHECK(flow.model().screen == ScreenId::goodbye);
}

TEST_CASE("办件查询 shows a case's fee as paid or due only when the platform says which") {
  Fixture f;
  unsigned long long ticket = 0;
  kiosk::FlowPorts ports;
  ports.query_case = [&](unsigned long long t, const std::string&) { ticket = t; };
  kiosk::FlowSettings settings;
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  auto show = [&](nlohmann::json extra) {
    flow.handle_event(scanned("YWTRACK:1:C:HN2026112100012345"));
    REQUIRE(flow.model().screen == ScreenId::progress);
    kiosk::PlatformAnswer found;
    found.purpose = "case.status";
    found.ticket = ticket;
    found.ok = true;
    found.body = {{"case_id", "HN2026112100012345"},
                  {"status", "accepted"},
                  {"item_name", {{"zh", "不动产权证书补发"}, {"en", "Title certificate"}}}};
    found.body.update(extra);
    flow.handle_event(found);
    REQUIRE(flow.model().progress.cases.size() == 1);
    const ui::CaseView shown = flow.model().progress.cases[0];
    flow.handle_intent("back");
    return shown;
  };
  auto due = show({{"fee_fen", 1000}, {"fee_paid", false}});
  CHECK(due.fee_fen == 1000);
  CHECK_FALSE(due.fee_paid);
  auto paid = show({{"fee_fen", 1000}, {"fee_paid", true}});
  CHECK(paid.fee_fen == 1000);
  CHECK(paid.fee_paid);
  // A platform without the extension: no fee line at all, never a false "not paid".
  CHECK(show({{"fee_fen", 1000}}).fee_fen == 0);
  CHECK(show({{"fee_fen", 1000}, {"fee_paid", "yes"}}).fee_fen == 0);
}

TEST_CASE("the cached catalog parsed off the UI thread arrives after the first screen") {
  Fixture f;
  int reads = 0;
  std::vector<std::string> refreshes;
  kiosk::FlowPorts ports;
  ports.read_cached_catalog = [&] { ++reads; };
  ports.refresh_catalog = [&](std::string e) { refreshes.push_back(std::move(e)); };
  kiosk::FlowSettings settings;
  KioskFlow flow(settings, ports, *f.outbox, *f.state, *f.journal, f.clock, f.logger, f.i18n);
  flow.start();
  CHECK(flow.model().screen == ScreenId::attract);
  CHECK(flow.model().categories.empty());  // neither read nor parsed here
  REQUIRE(reads == 1);
  const auto cached = f.state->catalog();
  REQUIRE(cached);
  const std::string& body = cached->body;
  const std::string& etag = cached->etag;
  REQUIRE(refreshes.size() == 1);
  CHECK(refreshes[0] == etag);  // asked with the cache's ETag
  std::string error;
  auto parsed = kiosk::parse_catalog(body, error);
  REQUIRE(parsed);
  flow.handle_event(kiosk::CatalogParsed{etag, std::make_shared<kiosk::Catalog>(*parsed), ""});
  CHECK(flow.model().categories.size() == parsed->categories.size());
  // An unreadable cache asks the platform for the whole catalog (no ETag: no 304).
  flow.handle_event(kiosk::CatalogParsed{etag, nullptr, "broken"});
  REQUIRE(refreshes.size() == 2);
  CHECK(refreshes[1].empty());
}

TEST_CASE("search by a Chinese word chip, then by pinyin initials") {
  Fixture f;
  f.tap("start");
  f.tap("search.open");
  f.tap("search.key:户籍");
  CHECK(f.flow->model().search_query == "户籍");
  REQUIRE_FALSE(f.flow->model().results.empty());
  CHECK(f.flow->model().results.front().name.zh.find("户籍") != std::string::npos);
  f.tap("search.key:H");  // a letter starts a pinyin query again
  CHECK(f.flow->model().search_query == "H");
  f.tap("search.key:clear");
  CHECK(f.flow->model().results.empty());
}

TEST_CASE("the date picker: steppers within the field's bounds, no typing, checked as a date") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:birth_date");
  const auto& date = f.flow->model().date;
  CHECK(date.min == "1900-01-01");
  CHECK(date.max == kiosk::rfc3339_cst(f.clock.unix_ms()).substr(0, 10));  // "today"
  CHECK_FALSE(date.chosen);
  CHECK(date.shown == date.max);  // today proposed, nothing chosen yet
  CHECK(f.field("birth_date").value.empty());
  f.tap("date:y+");  // beyond today: held at the bound
  CHECK(f.field("birth_date").value == date.max);
  for (int i = 0; i < 7; ++i) f.tap("date:y-10");
  f.tap("date:m-");
  CHECK(f.flow->model().date.chosen);
  const std::string value = f.field("birth_date").value;
  CHECK(value.size() == 10);
  CHECK(value.substr(0, 4) == std::to_string(std::stoi(date.max.substr(0, 4)) - 70));
  f.tap("date:bogus");  // not a step: nothing changes
  CHECK(f.field("birth_date").value == value);
  CHECK(f.field("birth_date").error.zh.empty());
}

TEST_CASE("the address cascade starts at the terminal's district; the street is typed after it") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:address");
  CHECK(f.field("address").value == "海南省海口市美兰区");
  CHECK_FALSE(f.flow->model().region.open);  // a district is chosen: the keyboard shows
  CHECK(f.flow->model().region.change == "460100");
  f.tap("region:460100");  // change: Haikou's districts
  CHECK(f.flow->model().region.open);
  CHECK(f.flow->model().region.up == "460000");
  CHECK(f.flow->model().region.choices.size() == 4);
  f.tap("region:460000");  // Hainan: its cities and the counties under the province itself
  bool wuzhishan = false;
  for (const auto& choice : f.flow->model().region.choices) wuzhishan |= choice.code == "469001";
  CHECK(wuzhishan);
  f.tap("region:all");
  CHECK(f.flow->model().region.pages == 2);  // 34 provinces, 24 a page
  f.tap("region:110000");
  CHECK(f.flow->model().region.choices.front().name == "东城区");  // no 市辖区 step
  f.tap("region:110101");
  CHECK_FALSE(f.flow->model().region.open);
  CHECK(f.field("address").value == "北京市东城区");
  f.tap("ime.mode:123");
  f.tap("ime.key:4");
  f.tap("ime.key:del");
  f.tap("ime.key:del");  // the division is not deleted by the keyboard
  CHECK(f.field("address").value == "北京市东城区");
  f.tap("ime.key:4");
  f.tap("region:110000");  // another district keeps the street
  f.tap("region:110102");
  CHECK(f.field("address").value == "北京市西城区4");
  f.tap("region:999999");  // not a division
  CHECK(f.field("address").value == "北京市西城区4");
}

TEST_CASE("form.next: a division above the district, a missing street, all said at once") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:address");
  f.tap("region:460100");  // Haikou, no district
  f.tap("form.next");
  CHECK(f.flow->model().screen == ScreenId::form);
  CHECK(f.field("address").error.zh == f.i18n.both("error.region_incomplete").zh);
  CHECK(f.field("birth_date").error.zh == f.i18n.both("error.missing").zh);
  CHECK(f.field("card_kind").error.zh == f.i18n.both("error.missing").zh);
  f.tap("region:460108");
  f.tap("form.next");
  CHECK(f.field("address").error.zh == f.i18n.both("error.street_missing").zh);
}

TEST_CASE("materials: shared ones never asked, the rest on site or later, sent as chosen") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:materials");
  CHECK(f.flow->model().material_choices.at("M010") == "later");  // the default
  CHECK(f.flow->model().material_choices.count("M001") == 0);     // shared: not asked
  f.tap("material:M010:on_site");
  f.tap("material:M001:on_site");  // a shared material cannot be chosen
  f.tap("material:M999:on_site");  // nor one the item does not ask for
  f.tap("material:M011:bogus");
  CHECK(f.flow->model().material_choices.size() == 2);
  CHECK(f.flow->model().material_choices.at("M010") == "on_site");
  CHECK(f.flow->model().material_choices.at("M011") == "later");
  CHECK(f.field("materials").display_value == "1 项平台共享，1 项窗口提交，1 项以后补交");
}

TEST_CASE("express delivery: address and phone prefilled from the form, edited from the review") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:birth_date");
  f.tap("date:ok");
  f.tap("field:card_kind");
  f.tap("select:card_kind:resident");
  f.tap("field:address");
  f.tap("ime.mode:123");
  f.tap("ime.key:8");
  f.tap("field:phone");
  for (char c : std::string("13800138000")) f.tap(std::string("key:") + c);
  f.tap("form.next");
  REQUIRE(f.flow->model().screen == ScreenId::review);
  f.tap("delivery:express");
  CHECK(f.flow->model().screen == ScreenId::review);
  CHECK(f.field("delivery.address").value == "海南省海口市美兰区8");
  CHECK(f.field("delivery.phone").value == "13800138000");
  f.tap("delivery.edit");
  REQUIRE(f.flow->model().screen == ScreenId::form);
  CHECK(f.field("delivery.address").focused);
  f.tap("ime.mode:123");
  f.tap("ime.key:9");
  f.tap("form.next");
  REQUIRE(f.flow->model().screen == ScreenId::review);
  f.tap("submit");
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  const auto body = nlohmann::json::parse(entry->payload);
  CHECK(body["form"]["address"] == "海南省海口市美兰区8");
  CHECK(body["delivery"]["address"] == "海南省海口市美兰区89");
  CHECK(body["delivery"]["phone"] == "13800138000");
  CHECK(body["form"].count("delivery.address") == 0);  // the item's form only
  CHECK(body["materials"].size() == 3);
  // Accepted: the receipt says how the result comes, never where.
  kiosk::SyncOutcome accepted;
  accepted.transaction_id = entry->idempotency_key;
  accepted.local_id = entry->local_id;
  accepted.result = kiosk::SyncOutcome::Result::accepted;
  accepted.reply = {{"case_id", "HN2026120100000001"}, {"promised_by", "2026-12-08"}};
  f.flow->handle_event(accepted);
  REQUIRE(f.flow->model().screen == ScreenId::receipt);
  REQUIRE(f.documents.size() == 1);
  std::string text;
  for (const auto& block : f.documents[0].blocks) text += block.text + "\n";
  CHECK(text.find("领取方式 Delivery: 邮寄送达 By post") != std::string::npos);
  CHECK(text.find("美兰区") == std::string::npos);
  CHECK(text.find("13800138000") == std::string::npos);
}

TEST_CASE("the platform's 422 on materials and delivery lands on their rows, with the form's") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:birth_date");
  f.tap("date:ok");
  f.tap("select:card_kind:resident");
  f.tap("field:address");
  f.tap("ime.mode:123");
  f.tap("ime.key:8");
  f.tap("field:phone");
  for (char c : std::string("13800138000")) f.tap(std::string("key:") + c);
  f.tap("form.next");
  f.tap("delivery:express");
  f.tap("submit");
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  kiosk::SyncOutcome refused;
  refused.transaction_id = entry->idempotency_key;
  refused.local_id = entry->local_id;
  refused.result = kiosk::SyncOutcome::Result::rejected;
  refused.error.status = 422;
  refused.error.code = "invalid_fields";
  refused.error.fields = {{{"field", "form.birth_date"}, {"code", "out_of_range"}},
                          {{"field", "materials.M010"}, {"code", "missing"}},
                          {{"field", "delivery.phone"}, {"code", "invalid_format"}}};
  f.flow->handle_event(refused);
  REQUIRE(f.flow->model().screen == ScreenId::form);
  CHECK(f.field("birth_date").error.zh == f.i18n.both("error.out_of_range").zh);
  CHECK(f.field("materials").error.zh == f.i18n.both("error.missing").zh);
  CHECK(f.field("delivery.phone").error.zh == f.i18n.both("error.invalid_format").zh);
  CHECK(f.flow->model().form_problems.empty());
}

TEST_CASE("the session's end wipes the new fields: dates, divisions, materials, delivery") {
  Fixture f;
  f.reach_fields_form();
  f.tap("field:birth_date");
  f.tap("date:y-");
  f.tap("field:address");
  f.tap("field:materials");
  f.tap("material:M010:on_site");
  // The resident walks away: the idle warning, then its countdown, end the session.
  for (int i = 0; i < 10; ++i) {
    f.clock.now += 30000;
    f.flow->tick();
  }
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK(f.flow->model().fields.empty());
  CHECK(f.flow->model().date.shown.empty());
  CHECK(f.flow->model().region.path.empty());
  CHECK(f.flow->model().material_choices.empty());
}

TEST_CASE("the commitment: ticked and signed with enough ink, bounded, sent as a PNG, wiped") {
  Fixture f;
  f.reach_form();
  f.fill_pension_form();
  REQUIRE(f.flow->model().screen == ScreenId::review);
  f.tap("sign.done");  // not a row of review: dropped
  CHECK(f.flow->model().screen == ScreenId::review);
  f.tap("commit.open");
  REQUIRE(f.flow->model().screen == ScreenId::sign);
  // Signed but not ticked: not taken.
  f.tap("sign.stroke:100,100 300,200 500,100 700,200");
  f.tap("sign.done");
  CHECK(f.flow->model().screen == ScreenId::sign);
  CHECK(f.flow->model().notice_key == "notice.sign_tick_first");
  // Ticked, but a dot after clearing: not a signature.
  f.tap("sign.clear");
  CHECK(f.flow->model().signature.ink.empty());
  f.tap("commit.toggle");
  f.tap("sign.stroke:100,100 120,110");
  CHECK_FALSE(f.flow->model().signature.enough_ink);
  f.tap("sign.done");
  CHECK(f.flow->model().screen == ScreenId::sign);
  CHECK(f.flow->model().notice_key == "notice.sign_more_ink");
  // Hostile strokes are dropped; the pad takes at most 40 strokes.
  f.tap("sign.stroke:abc");
  f.tap("sign.stroke:1,2 3");
  CHECK(f.flow->model().signature.ink.size() == 1);
  for (int i = 0; i < 60; ++i) f.tap("sign.stroke:10,10 20,20");
  CHECK(f.flow->model().signature.ink.size() == 40);
  f.tap("sign.clear");
  f.tap("sign.stroke:100,100 300,200 500,100 700,200");
  CHECK(f.flow->model().signature.enough_ink);
  f.tap("sign.done");
  REQUIRE(f.flow->model().screen == ScreenId::review);
  CHECK(f.flow->model().signature.done);
  // Drawing again unsigns it until "done" again; so does withdrawing the tick.
  f.tap("commit.open");
  f.tap("sign.stroke:100,250 800,250");
  CHECK_FALSE(f.flow->model().signature.done);
  f.tap("sign.done");
  f.tap("commit.open");
  f.tap("commit.toggle");
  CHECK_FALSE(f.flow->model().signature.done);
  f.tap("commit.toggle");
  f.tap("sign.done");
  REQUIRE(f.flow->model().signature.done);
  f.tap("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  const auto payload = nlohmann::json::parse(entry->payload);
  const std::string png = payload["commitment"]["signature_png_base64"];
  CHECK(png.rfind("iVBORw0KGgo", 0) == 0);  // "\x89PNG\r\n\x1a\n" in base64
  CHECK(png.size() < 16384);
  // The resident walks away: the signature goes with the session, from the model and the screen.
  for (int i = 0; i < 10 && f.flow->model().screen != ScreenId::attract; ++i) {
    f.clock.now += 200000;
    f.flow->tick();
    f.settle();
  }
  REQUIRE(f.flow->model().screen == ScreenId::attract);
  CHECK(f.flow->model().signature.ink.empty());
  CHECK_FALSE(f.flow->model().signature.done);
  CHECK_FALSE(f.flow->model().commitment_accepted);
  // The next resident's sign screen shows an empty pad.
  f.reach_form();
  f.fill_pension_form();
  f.tap("commit.open");
  REQUIRE(f.flow->model().screen == ScreenId::sign);
  ui::Frame frame;
  ui::make_screen(ScreenId::sign)->build(f.flow->model(), f.i18n, frame);
  const ui::Widget* pad = frame.find("sign.stroke");
  REQUIRE(pad);
  CHECK(pad->ink.empty());
  CHECK_FALSE(f.flow->model().commitment_accepted);
}

// ---- Voice guidance, the accessible timeout and the call for help (issue 15) ----

namespace {

// The resident screens a journey passes, each with the line said on arrival.
const std::vector<ScreenId> kResidentScreens = {
    ScreenId::attract,  ScreenId::identify,      ScreenId::catalog,      ScreenId::guide,
    ScreenId::form,     ScreenId::review,        ScreenId::submitting,   ScreenId::receipt,
    ScreenId::evaluate, ScreenId::goodbye,       ScreenId::certificates, ScreenId::progress,
    ScreenId::payment,  ScreenId::out_of_service};

// A journey from the attract screen to goodbye in one language, a turn (tick) after each step
// as the UI loop makes; returns the screens passed.
std::vector<ScreenId> walk_journey(Fixture& f, bool english) {
  std::vector<ScreenId> passed;
  const auto turn = [&] {
    f.settle();
    f.flow->tick();
    if (passed.empty() || passed.back() != f.flow->model().screen)
      passed.push_back(f.flow->model().screen);
  };
  turn();
  if (english) f.tap("lang");
  turn();
  f.identify();
  turn();
  f.tap("item:460100-0001-0001");
  turn();
  f.tap("apply");
  turn();
  f.tap("field:phone");
  turn();
  for (char c : std::string("13800138000")) f.flow->handle_intent(std::string("key:") + c);
  turn();
  f.tap("select:grade:500");
  f.tap("form.next");
  turn();
  f.tap("commit.open");
  turn();
  f.tap("commit.toggle");
  f.flow->handle_intent("sign.stroke:100,100 300,200 500,100 700,200");
  turn();
  f.tap("sign.done");
  turn();
  f.tap("submit");
  turn();
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  kiosk::SyncOutcome accepted;
  accepted.transaction_id = entry->idempotency_key;
  accepted.kind = "application";
  accepted.local_id = entry->local_id;
  accepted.result = kiosk::SyncOutcome::Result::accepted;
  accepted.reply = {{"case_id", "HN2026112200000001"}, {"promised_by", "2026-12-20"}};
  f.flow->handle_event(accepted);
  turn();
  f.tap("to.evaluate");
  turn();
  f.tap("eval:5");
  f.tap("eval.submit");
  turn();
  return passed;
}

}  // namespace

TEST_CASE("voice guidance: every screen passed is said and captioned, in zh and en; never a name") {
  for (bool english : {false, true}) {
    CAPTURE(english);
    Fixture f;
    const auto passed = walk_journey(f, english);
    REQUIRE(passed.back() == ScreenId::goodbye);
    const std::string language = english ? "en" : "zh";
    for (ScreenId screen : passed) {
      CAPTURE(ui::screen_name(screen));
      bool found = false;
      for (const auto& line : f.said)
        found |= line.screen == screen && line.language == language && !line.text.empty();
      CHECK(found);
    }
    // The caption is the line said last.
    CHECK(f.flow->model().caption == f.said.back().text);
    std::string all;
    for (const auto& line : f.said) all += line.text + "\n";
    // Dynamic content: the resident's own case number digit by digit, the date in words.
    CHECK(all.find("H N 2 0 2 6 1 1 2 2 0 0 0 0 0 0 0 1") != std::string::npos);
    CHECK(all.find(english ? "20 December 2026" : "2026年12月20日") != std::string::npos);
    // The focused field's label is said, never what was typed, the name or the ID number.
    CHECK(all.find(english ? "Now filling in" : "正在填写") != std::string::npos);
    for (const char* secret :
         {"张三", "张*", "Zhang", "13800138000", "11010519491231002X", "110105", "1 1 0 1 0 5"})
      CHECK_MESSAGE(all.find(secret) == std::string::npos, secret);
  }
}

TEST_CASE("voice guidance: a screen change cuts the old line; a technician screen is silent") {
  Fixture f;
  f.flow->tick();
  REQUIRE(f.said.size() == 1);
  CHECK(f.said.back().screen == ScreenId::attract);
  f.flow->tick();
  CHECK(f.said.size() == 1);  // the same line is not said again every turn
  f.tap("start");
  f.flow->tick();
  REQUIRE(f.said.size() == 2);  // said at once: VoiceGuide::say interrupts the last line
  CHECK(f.said.back().screen == ScreenId::catalog);
  f.tap("lang");
  f.flow->tick();
  REQUIRE(f.said.size() == 3);  // the same screen, the other language
  CHECK(f.said.back().language == "en");
  f.tap("back");
  f.flow->maintenance_gesture();
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::maintenance_pin);
  CHECK(f.flow->model().caption.empty());
  CHECK(f.silenced == 1);
}

TEST_CASE("voice guidance: volume and repeat on screen; the platform's volume and voice_default") {
  Fixture f;
  f.flow->handle_event(kiosk::ConfigReceived{3, {{"volume", 40}, {"voice_default", false}}});
  f.flow->tick();
  CHECK(f.volume == 40);
  CHECK_FALSE(f.flow->model().voice_on);
  CHECK(f.said.empty());                         // the voice is off by default now
  CHECK_FALSE(f.flow->model().caption.empty());  // the caption is shown all the same
  f.tap("voice.repeat");                         // asking to hear it turns it on
  REQUIRE(f.said.size() == 1);
  CHECK(f.said.back().text == f.flow->model().caption);
  f.tap("voice.up");
  CHECK(f.volume == 50);
  CHECK(f.said.size() == 2);  // heard at the new volume
  for (int i = 0; i < 8; ++i) f.tap("voice.down");
  CHECK(f.volume == 0);
  f.tap("voice.repeat");
  CHECK(f.volume == 10);  // a resident who asks to hear it hears it
  // Every resident screen offers the four buttons.
  for (ScreenId screen : kResidentScreens) {
    CAPTURE(ui::screen_name(screen));
    const auto offered = KioskFlow::offered(screen);
    const auto has = [&](kiosk::Intent i) {
      return std::find(offered.begin(), offered.end(), i) != offered.end();
    };
    CHECK(has(kiosk::Intent::voice_up));
    CHECK(has(kiosk::Intent::voice_down));
    CHECK(has(kiosk::Intent::voice_repeat));
    CHECK(has(kiosk::Intent::help));
  }
  // The next resident starts from the platform's settings.
  f.identify();
  f.tap("voice.up");
  f.tap("home");
  f.clock.now += 10 * 60 * 1000;
  f.flow->tick();
  REQUIRE(f.flow->model().screen == ScreenId::attract);
  CHECK(f.volume == 40);
  CHECK_FALSE(f.flow->model().voice_on);
}

TEST_CASE(
    "accessible timeout: spoken warning of at least 20 s, extended by touches, wipe on time") {
  Fixture f;
  // A configuration that asks for a 5 s warning gets 20 s (WCAG 2.2.1).
  f.flow->handle_event(kiosk::ConfigReceived{4, {{"idle_timeout_s", 60}, {"idle_countdown_s", 5}}});
  f.reach_form();
  f.flow->tick();
  // Extended a dozen times, by a touch or a key (the UI loop calls touched() for both).
  for (int i = 0; i < 12; ++i) {
    CAPTURE(i);
    f.clock.now += 60000;
    f.flow->tick();
    REQUIRE(f.flow->model().idle_warning);
    CHECK(f.flow->model().idle_seconds_left == 20);
    // Visual and spoken: the warning's line, with its 20 s, said and captioned.
    CHECK(f.said.back().text.find("20") != std::string::npos);
    CHECK(f.said.back().text == f.flow->model().caption);
    CHECK(f.said.back().text.find("您还在吗") != std::string::npos);
    f.clock.now += 19000;
    f.flow->tick();
    REQUIRE(f.flow->model().idle_warning);
    CHECK(f.said.back().text.find("您还在吗") != std::string::npos);  // not said every second
    f.flow->touched();
    f.flow->tick();
    REQUIRE_FALSE(f.flow->model().idle_warning);
    CHECK(f.flow->model().screen == ScreenId::form);
    CHECK(f.said.back().screen == ScreenId::form);  // the screen's line again
  }
  // Walking away: the wipe comes exactly when it did before, 60 s + 20 s after the last touch.
  f.clock.now += 79999;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::form);
  f.clock.now += 1;
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::attract);
  CHECK(f.flow->model().fields.empty());
}

TEST_CASE("help (帮办): online, staff told and the time said; offline, the hotline and hours") {
  Fixture f;
  f.flow->handle_event(
      kiosk::ConfigReceived{5, {{"service_hours", {{"from", "08:30"}, {"to", "17:30"}}}}});
  f.identify();
  f.tap("item:460100-0001-0001");
  f.flow->tick();
  f.tap("help");
  f.flow->tick();
  // The resident says what they need help with first: nothing is sent yet.
  CHECK(f.help_requests.empty());
  CHECK(f.flow->model().help.stage == "choosing");
  f.tap("help.reason:need_explanation");
  f.flow->tick();
  REQUIRE(f.help_requests.size() == 1);
  CHECK(f.help_requests[0].second["item_code"] == "460100-0001-0001");
  CHECK(f.help_requests[0].second["reason"] == "need_explanation");
  CHECK(f.flow->model().help.stage == "sending");
  kiosk::PlatformAnswer answer;
  answer.purpose = "help.request";
  answer.ticket = f.help_requests[0].first;
  answer.ok = true;
  answer.body = {{"request_id", "HR1"}, {"eta_minutes", 5}};
  f.flow->handle_event(answer);
  f.flow->tick();
  CHECK(f.flow->model().help.stage == "sent");
  CHECK(f.flow->model().help.eta_minutes == 5);
  CHECK(f.said.back().text.find("5 分钟") != std::string::npos);
  CHECK(f.flow->model().screen == ScreenId::guide);  // the resident stays where they were
  // A failed request (the platform did not answer) shows the hotline, as offline does.
  f.tap("help");
  f.tap("help.reason:other");
  REQUIRE(f.help_requests.size() == 2);
  CHECK(f.help_requests.back().second["reason"] == "other");
  answer.ticket = f.help_requests.back().first;
  answer.ok = false;
  f.flow->handle_event(answer);
  f.flow->tick();
  CHECK(f.flow->model().help.stage == "offline");
  // Offline: no request at all, no reasons to choose from; the 12345 hotline and the hours.
  kiosk::LinkChanged down;
  down.state = kiosk::LinkState::down;
  f.flow->handle_event(down);
  const auto asked = f.help_requests.size();
  f.tap("help");
  f.flow->tick();
  CHECK(f.help_requests.size() == asked);
  CHECK(f.flow->model().help.stage == "offline");
  CHECK(f.flow->model().help.hours_from == "08:30");
  CHECK(f.said.back().text.find("1 2 3 4 5") != std::string::npos);
  CHECK(f.said.back().text.find("08:30") != std::string::npos);
  // A new screen: the help banner goes.
  f.tap("back");
  f.flow->tick();
  CHECK(f.flow->model().help.stage.empty());
}

TEST_CASE("help (帮办): the four reasons, modal, said; cancel; the link lost while choosing") {
  Fixture f;
  f.reach_form();
  f.flow->tick();
  const auto epoch = f.flow->screen_epoch();
  f.tap("help");
  f.flow->tick();
  REQUIRE(f.flow->model().help.stage == "choosing");
  CHECK(f.flow->screen_epoch() != epoch);  // a tap aimed at the form does not land on a reason
  // Said and captioned: what to choose from, the four reasons named.
  CHECK(f.said.back().text == f.flow->model().caption);
  for (const char* words : {"看不清屏幕上的字", "不会打字", "需要有人讲解", "其他问题"})
    CHECK_MESSAGE(f.said.back().text.find(words) != std::string::npos, words);
  // Modal: the form's intents and the header's are not taken; nor is a reason the contract
  // does not have.
  f.tap("field:phone");
  f.tap("back");
  f.tap("home");
  f.tap("help.reason:lonely");
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::form);
  CHECK(f.flow->model().help.stage == "choosing");
  CHECK(f.help_requests.empty());
  // The idle warning comes above the reasons, and the reasons are back after it.
  f.clock.now += 61000;
  f.flow->tick();
  REQUIRE(f.flow->model().idle_warning);
  f.tap("help.reason:other");
  CHECK(f.help_requests.empty());
  f.tap("idle.continue");
  f.flow->tick();
  CHECK(f.flow->model().help.stage == "choosing");
  // Cancel: nobody called, the form as it was, its line said again.
  f.tap("help.cancel");
  f.flow->tick();
  CHECK(f.flow->model().help.stage.empty());
  CHECK(f.help_requests.empty());
  CHECK(f.said.back().screen == ScreenId::form);
  CHECK(f.said.back().text == f.flow->model().caption);
  CHECK(f.said.back().text.find("需要有人讲解") == std::string::npos);
  // Each reason is sent as chosen: the form's own item.
  for (const char* reason : {"cannot_read", "cannot_type"}) {
    f.tap("help");
    f.tap(std::string("help.reason:") + reason);
    REQUIRE_FALSE(f.help_requests.empty());
    CHECK(f.help_requests.back().second["reason"] == reason);
    CHECK(f.help_requests.back().second["item_code"] == "460100-0001-0001");
  }
  CHECK(f.help_requests.size() == 2);
  // The link lost while choosing: the hotline at once, the reasons gone, no request.
  f.tap("help");
  REQUIRE(f.flow->model().help.stage == "choosing");
  kiosk::LinkChanged down;
  down.state = kiosk::LinkState::down;
  f.flow->handle_event(down);
  f.flow->tick();
  CHECK(f.flow->model().help.stage == "offline");
  CHECK(f.said.back().text.find("1 2 3 4 5") != std::string::npos);
  f.tap("help.reason:cannot_read");
  f.flow->tick();
  CHECK(f.help_requests.size() == 2);
  CHECK(f.flow->model().help.stage == "offline");
  // Asked for on attract (no session, no idle warning) and left: closed after the idle time.
  Fixture a;
  a.tap("help");
  REQUIRE(a.flow->model().screen == ScreenId::attract);
  REQUIRE(a.flow->model().help.stage == "choosing");
  CHECK(a.flow->next_timer_ms() == 60000);
  a.clock.now += 59999;
  a.flow->tick();
  CHECK(a.flow->model().help.stage == "choosing");
  a.clock.now += 1;
  a.flow->tick();
  CHECK(a.flow->model().help.stage.empty());
  CHECK(a.help_requests.empty());
}

TEST_CASE("spoken content: codes digit by digit, amounts in yuan, dates in words") {
  kiosk::I18n i18n;
  std::string error;
  REQUIRE(i18n.load(YIWANG_ASSETS_DIR "/i18n/strings.tsv", error));
  CHECK(kiosk::spoken_code("T4601-05") == "T 4 6 0 1 0 5");
  CHECK(kiosk::spoken_amount(2050, ui::Language::zh, i18n) == "20元5角");
  CHECK(kiosk::spoken_amount(1005, ui::Language::zh, i18n) == "10元5分");
  CHECK(kiosk::spoken_amount(2050, ui::Language::en, i18n) == "20 yuan 50 fen");
  CHECK(kiosk::spoken_amount(0, ui::Language::en, i18n) == "Free of charge");
  CHECK(kiosk::spoken_date("2026-12-05", ui::Language::zh) == "2026年12月5日");
  CHECK(kiosk::spoken_date("2026-12-05", ui::Language::en) == "5 December 2026");
  CHECK(kiosk::spoken_date("soon", ui::Language::en) == "soon");
  // The payment screen says the amount.
  ui::ViewModel model;
  model.screen = ScreenId::payment;
  model.payment.stage = "pending";
  model.payment.amount_fen = 1000;
  const auto line = kiosk::spoken_line(model, i18n);
  CHECK(line.key == "voice.payment");
  CHECK(line.text.find("10元") != std::string::npos);
}

namespace {

// The tactile keypad as its driver reports it, then a turn of the UI loop.
struct Keypad {
  Fixture& f;
  void key(drivers::KeypadKey key, int digit = -1) {
    drivers::KeypadEvent event;
    event.key = key;
    event.digit = digit;
    f.flow->handle_event(event);
    f.settle();
    f.flow->tick();
  }
  void headphones(bool in) {
    drivers::KeypadEvent event;
    event.kind = drivers::KeypadEvent::Kind::headphones;
    event.headphones = in;
    f.flow->handle_event(event);
    f.flow->tick();
  }
  // Down until the focus is on `id`, as a resident listening to each label would; then Enter.
  void to(const std::string& id) {
    for (int i = 0; i < 300 && f.flow->model().speech.focus != id; ++i)
      key(drivers::KeypadKey::down);
    REQUIRE_MESSAGE(f.flow->model().speech.focus == id, "focus never reached " << id);
  }
  void press(const std::string& id) {
    to(id);
    key(drivers::KeypadKey::enter);
  }
  void type(const std::string& digits) {
    for (char c : digits) key(drivers::KeypadKey::digit, c - '0');
  }
};

}  // namespace

TEST_CASE("speech mode: a resident applies by keypad keys alone; a name only into headphones") {
  using drivers::KeypadKey;
  Fixture f;
  Keypad k{f};
  f.flow->tick();
  // The audio key starts speech mode on the loudspeaker: said, with what the keys do.
  k.key(KeypadKey::audio);
  REQUIRE(f.flow->model().speech.on);
  CHECK_FALSE(f.flow->model().speech.headphones);
  CHECK(f.said.back().text.find("语音模式已开启") != std::string::npos);
  // Enter with nothing focused says to choose first; the first down focuses the first widget.
  k.key(KeypadKey::enter);
  CHECK(f.said.back().text.find("请先用方向键选择") != std::string::npos);
  k.press("start");
  REQUIRE(f.flow->model().screen == ScreenId::catalog);
  CHECK(f.flow->model().speech.focus.empty());  // a new screen: nothing focused yet
  k.press("category:civil-affairs");
  k.to("item:460100-0004-0003");
  CHECK(f.said.back().text.find("婚姻登记预约") != std::string::npos);  // said on focus
  k.key(KeypadKey::enter);
  REQUIRE(f.flow->model().screen == ScreenId::guide);
  k.press("apply");
  REQUIRE(f.flow->model().screen == ScreenId::identify);
  // The card is placed (not a tap); the identity answer opens the form.
  drivers::CardReaderEvent read;
  read.kind = drivers::CardReaderEvent::Kind::cardRead;
  read.card = *drivers::sample_card("zhang-san");
  f.flow->handle_event(read);
  kiosk::PlatformAnswer answer;
  answer.purpose = "identity";
  answer.ticket = f.identity_ticket;
  answer.ok = true;
  answer.body = {{"person_token", "tok"}, {"display_name", "张*"}};
  f.flow->handle_event(answer);
  f.flow->tick();
  REQUIRE(f.flow->model().screen == ScreenId::form);
  // On the loudspeaker the name field says it is filled in, never the name.
  k.to("field:name");
  CHECK(f.said.back().text.find("姓名") != std::string::npos);
  CHECK(f.said.back().text.find("已填写") != std::string::npos);
  CHECK(f.said.back().text.find("张三") == std::string::npos);
  // Headphones in: the resident's own name into their ears.
  k.headphones(true);
  CHECK(f.flow->model().speech.headphones);
  k.key(KeypadKey::down);
  k.key(KeypadKey::up);
  REQUIRE(f.flow->model().speech.focus == "field:name");
  CHECK(f.said.back().text.find("张三") != std::string::npos);
  // The phone typed on the keypad's digits, the kind chosen.
  k.press("field:phone");
  k.type("13800138000");
  CHECK(f.field("phone").display_value == "13800138000");
  k.press("field:kind");
  k.press("select:kind:marriage");
  // Help says the screen's instructions and the keys; the screen blanks and comes back.
  k.key(KeypadKey::help);
  CHECK(f.said.back().text.find("确认键办理") != std::string::npos);
  k.key(KeypadKey::blank);
  CHECK(f.flow->model().speech.blanked);
  k.key(KeypadKey::blank);
  CHECK_FALSE(f.flow->model().speech.blanked);
  k.press("form.next");
  REQUIRE(f.flow->model().screen == ScreenId::review);
  k.press("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  kiosk::SyncOutcome accepted;
  accepted.transaction_id = entry->idempotency_key;
  accepted.kind = "application";
  accepted.local_id = entry->local_id;
  accepted.result = kiosk::SyncOutcome::Result::accepted;
  accepted.reply = {{"case_id", "HN2026112200000001"}, {"promised_by", "2026-12-20"}};
  f.flow->handle_event(accepted);
  f.flow->tick();
  REQUIRE(f.flow->model().screen == ScreenId::receipt);
  k.press("to.evaluate");
  k.press("eval:5");
  k.press("eval.submit");
  REQUIRE(f.flow->model().screen == ScreenId::goodbye);
  // Every screen passed was said; nothing of the ID number ever was.
  for (ScreenId screen : {ScreenId::catalog, ScreenId::guide, ScreenId::form, ScreenId::review,
                          ScreenId::receipt, ScreenId::evaluate, ScreenId::goodbye}) {
    bool found = false;
    for (const auto& line : f.said) found |= line.screen == screen && !line.text.empty();
    CHECK_MESSAGE(found, ui::screen_name(screen));
  }
  for (const auto& line : f.said) CHECK(line.text.find("11010519491231002X") == std::string::npos);
  // Pulled out: speech mode started by the audio key stays, the name is not said any more.
  k.headphones(false);
  CHECK(f.flow->model().speech.on);
  CHECK_FALSE(f.flow->model().speech.headphones);
}

TEST_CASE("help (帮办): above the screen, the reasons' voice bar and the keypad's volume act") {
  using drivers::KeypadKey;
  Fixture f;
  Keypad k{f};
  f.flow->handle_event(kiosk::ConfigReceived{3, {{"volume", 40}}});
  f.reach_form();
  f.flow->tick();
  f.tap("help");
  f.flow->tick();
  REQUIRE(f.flow->model().help.stage == "choosing");
  REQUIRE(f.volume == 40);
  const auto reasons_said = [&f] {
    return !f.said.empty() && f.said.back().text == f.flow->model().caption &&
           f.said.back().text.find("需要有人讲解") != std::string::npos;
  };
  // The on-screen buttons: louder (the reasons said again at it), quieter, repeat.
  auto said = f.said.size();
  f.tap("voice.up");
  CHECK(f.volume == 50);
  CHECK(f.said.size() == said + 1);
  CHECK(reasons_said());
  f.tap("voice.down");
  f.tap("voice.down");
  CHECK(f.volume == 30);
  said = f.said.size();
  f.tap("voice.repeat");
  CHECK(f.said.size() == said + 1);
  CHECK(reasons_said());
  // The keypad's volume keys, speech mode off or on.
  k.key(KeypadKey::volume_up);
  CHECK(f.volume == 40);
  CHECK(reasons_said());
  k.key(KeypadKey::volume_down);
  CHECK(f.volume == 30);
  CHECK_FALSE(f.flow->model().speech.on);
  k.key(KeypadKey::audio);
  REQUIRE(f.flow->model().speech.on);
  k.key(KeypadKey::volume_up);
  CHECK(f.volume == 40);
  // Its help key (the keypad's repeat) says the reasons and the keys; the arrows reach the bar.
  k.key(KeypadKey::help);
  CHECK(f.said.back().text.find("需要有人讲解") != std::string::npos);
  k.press("voice.down");
  CHECK(f.volume == 30);
  // All the while above the form, still modal: the form's and the header's intents not taken.
  f.tap("field:phone");
  f.tap("home");
  f.tap("help");  // not on the reasons' bar: they are the help
  f.flow->tick();
  CHECK(f.flow->model().screen == ScreenId::form);
  CHECK(f.flow->model().help.stage == "choosing");
  CHECK(f.help_requests.empty());
  k.press("help.reason:cannot_read");
  CHECK(f.help_requests.size() == 1);
}

TEST_CASE("speech mode: the commitment heard in full and signed by a key, bound to the card") {
  using drivers::KeypadKey;
  Fixture f;
  Keypad k{f};
  f.reach_form();
  f.fill_pension_form();
  REQUIRE(f.flow->model().screen == ScreenId::review);
  f.tap("commit.open");
  REQUIRE(f.flow->model().screen == ScreenId::sign);
  // Without speech mode there is no keyed way: the button is not there, its intent does nothing.
  ui::Frame frame;
  ui::make_screen(ScreenId::sign)->build(f.flow->model(), f.i18n, frame);
  CHECK_FALSE(frame.find("sign.keyed"));
  f.flow->handle_intent("sign.keyed");
  CHECK(f.flow->model().screen == ScreenId::sign);
  CHECK_FALSE(f.flow->model().signature.done);
  // In speech mode, the sign screen says how; a finger on the button before the commitment was
  // heard does not sign.
  k.key(KeypadKey::audio);
  REQUIRE(f.flow->model().speech.on);
  CHECK(f.said.back().text.find("按键签署") != std::string::npos);
  f.tap("sign.keyed");
  CHECK(f.flow->model().screen == ScreenId::sign);
  CHECK(f.flow->model().notice_key == "notice.sign_listen_first");
  // Focused, the button says the whole commitment, then that Enter signs it: once the voice has
  // played that line to its end, not when it was handed to the voice.
  f.voice_reports_played = true;
  k.to("sign.keyed");
  const std::string commitment = f.flow->model().item.commitment_text.zh;
  REQUIRE_FALSE(commitment.empty());
  const std::string line = f.said.back().text;
  CHECK(line.find(commitment) != std::string::npos);
  CHECK(line.find("按确认键即表示您已听完并同意") != std::string::npos);
  k.key(KeypadKey::enter);  // still being said
  CHECK(f.flow->model().screen == ScreenId::sign);
  CHECK(f.flow->model().notice_key == "notice.sign_listen_first");
  // Another line played to its end is not the commitment.
  f.flow->handle_event(kiosk::VoicePlayed{"请选择", "zh"});
  k.key(KeypadKey::enter);
  CHECK(f.flow->model().screen == ScreenId::sign);
  // Focus moved away and back: said again from its start, and heard to its end this time.
  k.key(KeypadKey::up);
  k.to("sign.keyed");
  REQUIRE(f.said.back().text == line);
  f.flow->handle_event(kiosk::VoicePlayed{line, "zh"});
  k.key(KeypadKey::enter);
  REQUIRE(f.flow->model().screen == ScreenId::review);
  CHECK(f.flow->model().signature.done);
  CHECK(f.flow->model().signature.keyed);
  CHECK(f.flow->model().commitment_accepted);
  // Ink drawn afterwards (a helper's finger) unsigns it: one way of signing at a time.
  k.press("commit.open");
  REQUIRE(f.flow->model().screen == ScreenId::sign);
  f.tap("sign.stroke:100,100 300,200 500,100 700,200");
  CHECK_FALSE(f.flow->model().signature.done);
  CHECK_FALSE(f.flow->model().signature.keyed);
  k.press("sign.keyed");
  REQUIRE(f.flow->model().screen == ScreenId::review);
  CHECK(f.flow->model().signature.ink.empty());
  k.press("submit");
  REQUIRE(f.flow->model().screen == ScreenId::submitting);
  auto entry = f.outbox->next_due(f.clock.unix_ms());
  REQUIRE(entry);
  const auto payload = nlohmann::json::parse(entry->payload);
  const auto& signed_by_key = payload["commitment"];
  CHECK_FALSE(signed_by_key.contains("signature_png_base64"));
  REQUIRE(signed_by_key.contains("keyed_confirmation"));
  CHECK(signed_by_key["keyed_confirmation"]["method"] == "keypad");
  CHECK(signed_by_key["keyed_confirmation"]["read_aloud"] == "zh");
  // Bound to the card identified, the commitment's version and the moment it was accepted.
  const std::string version = signed_by_key["version"];
  const std::string at = signed_by_key["accepted_at"];
  CHECK(signed_by_key["keyed_confirmation"]["card_binding"] ==
        kiosk::keyed_card_binding("11010519491231002X", version, at));
  CHECK(kiosk::keyed_card_binding("11010519491231002X", version, at) !=
        kiosk::keyed_card_binding("110105194912310029", version, at));
  CHECK(kiosk::keyed_card_binding("11010519491231002X", version, at).size() == 64);
}

TEST_CASE("speech mode: headphones start it, longer limits, the next resident starts afresh") {
  using drivers::KeypadKey;
  Fixture f;
  Keypad k{f};
  f.identify();
  k.headphones(true);
  REQUIRE(f.flow->model().speech.on);
  CHECK(f.flow->model().voice_on);
  f.flow->touched();
  // Three times the idle limit: no warning at 61 s nor 179 s, the warning at 180 s.
  f.clock.now += 61000;
  f.flow->tick();
  CHECK_FALSE(f.flow->model().idle_warning);
  f.clock.now += 118000;
  f.flow->tick();
  CHECK_FALSE(f.flow->model().idle_warning);
  f.clock.now += 1000;
  f.flow->tick();
  CHECK(f.flow->model().idle_warning);
  // The warning is reachable by keys too: any key counts as presence.
  k.key(KeypadKey::down);
  CHECK_FALSE(f.flow->model().idle_warning);
  // Keys mean nothing on the technician's screens.
  f.flow->maintenance_gesture();
  REQUIRE(f.flow->model().screen == ScreenId::maintenance_pin);
  const auto said = f.said.size();
  k.key(KeypadKey::down);
  k.key(KeypadKey::digit, 1);
  CHECK(f.said.size() == said);
  CHECK(f.flow->model().maintenance.pin_length == 0);
  // Headphones out: speech mode they started ends (nothing personal to the loudspeaker).
  f.tap("back");
  k.headphones(false);
  CHECK_FALSE(f.flow->model().speech.on);
}
