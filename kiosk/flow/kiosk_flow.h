// The resident's journey as a state machine: intents from screens and events from threads in,
// an updated view model and side effects (outbox, platform calls, printing) out.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/app_events.h"
#include "core/clock.h"
#include "flow/catalog_model.h"
#include "flow/intents.h"
#include "flow/receipt_layout.h"
#include "flow/receipt_template.h"
#include "flow/regions.h"
#include "flow/resident_session.h"
#include "flow/scan_content.h"
#include "flow/self_test.h"
#include "local_state.h"
#include "outbox.h"
#include "receipt_journal.h"
#include "services/display_setting.h"
#include "services/i18n.h"
#include "services/logger.h"
#include "services/pin_guard.h"
#include "toolkit/screen.h"
#include "toolkit/view_model.h"

namespace yiwang::kiosk {

// The idle warning's least countdown (WCAG 2.2.1: at least 20 s to say "I am still here").
inline constexpr long long kLeastIdleCountdownMs = 20000;

struct FlowSettings {
  std::string terminal_id;
  ui::Bilingual site_name;
  long long idle_timeout_ms = 60000;
  long long idle_countdown_ms = 30000;
  long long submit_wait_ms = 8000;   // how long the resident waits for an online case number
  long long payment_poll_ms = 2000;  // how often a pending payment order is asked about
  bool demo_controls = false;
  // Elder mode (大字模式) for every new resident (the platform's elder_mode_default).
  bool elder_mode_default = false;
  // Voice guidance for every new resident (the platform's voice_default and volume, 0..100).
  bool voice_default = true;
  int volume = 70;
  // The service centre's opening hours ("07:00", "22:00"; the platform's service_hours), told
  // with the 12345 hotline when a call for help cannot reach the staff.
  std::string hours_from;
  std::string hours_to;
  // An enrolled terminal takes a provisioning code only while the platform refuses its
  // certificate (link "held"): otherwise anyone with a code of their own could re-point it.
  bool enrolled = false;
  // No identity and no plain-HTTP link: the first-boot wizard shows instead of the attract
  // screen until a technician has enrolled and tested the kiosk.
  bool provisioning = false;
  ReceiptTemplate receipt_template;  // assets/receipts/receipt.tmpl
  // The address cascade: GB/T 2260 divisions (assets/regions/gbt2260.tsv) and the terminal's own
  // region (its enrollment's region_code), chosen in advance. Empty table: addresses are typed.
  RegionTable regions;
  std::string region_code;
};

// What the flow asks of the rest of the application. Every member may be empty in tests.
struct FlowPorts {
  std::function<void()> wake_sync;
  // Write a transaction to the outbox off the UI thread: answers with a Stored event.
  std::function<void(StoreRequest request)> store;
  std::function<void(unsigned long long ticket, nlohmann::json card)> verify_identity;
  std::function<void(std::string etag)> refresh_catalog;
  // Read the cached catalog's text from the database and parse it, both off the UI thread (a
  // county's is megabytes): answers with a CatalogParsed event. Empty: the flow reads and parses
  // it itself in start() (unit tests).
  std::function<void()> read_cached_catalog;
  // A receipt for the printer; job_id is the transaction's local id, or "<local id>#r<n>" for a
  // reprint. Every job is journaled before it is handed over.
  std::function<void(std::string job_id, drivers::ReceiptDocument document)> print_receipt;
  // The resident's certificates (GET /v1/certificates): answers "certificates".
  std::function<void(unsigned long long ticket, const std::string& person_token)> list_certificates;
  // GET path of a case query ("/v1/applications/HN..." or "/v1/applications?local_id=...").
  std::function<void(unsigned long long ticket, const std::string& path)> query_case;
  // Download, check the digest and print one: answers "certificate.document" (the
  // verification code, or why not), then CertificatePrintDone from the printer.
  std::function<void(const std::string& job_id, const std::string& certificate_id)>
      print_certificate;
  // POST /v1/payments under the order's own key: answers "payment.order".
  std::function<void(unsigned long long ticket, const std::string& key, nlohmann::json body)>
      create_payment;
  // GET /v1/payments/{order_id}: answers "payment.status".
  std::function<void(unsigned long long ticket, const std::string& order_id)> poll_payment;
  std::function<void()> present_demo_card;
  // A technician scanned a provisioning code: enroll (off the UI thread; answers "enroll").
  std::function<void(const std::string& code)> enroll;
  // Enrollment wrote a new identity: connect the platform link with it.
  std::function<void()> enrolled;
  // A command ended: the platform hears it in a heartbeat now, not in a minute.
  std::function<void()> report_now;
  // Commands the application runs off the UI thread (update, upload_logs, reboot): answers a
  // PlatformAnswer "command" whose body is {"id", "ok", "detail"}. Empty: "not supported".
  std::function<void(const RemoteCommand& command)> run_command;
  // Maintenance mode: write the support bundle to the USB stick; ok and what to say.
  std::function<std::pair<bool, std::string>()> write_support_bundle;
  // The text keyboard's engines (librime, zinnia), owned by the application; null: that keyboard
  // mode has no candidates.
  ui::PinyinInput* pinyin = nullptr;
  ui::HandwritingInput* handwriting = nullptr;
  // Start loading an engine off the UI thread, once (later calls do nothing): the flow calls
  // them when pinyin is first wanted (a text field's keyboard opens on it, or it is chosen) and
  // when handwriting is first chosen. Their dictionaries and model are tens of MiB a resident
  // who types nothing never needs. Empty: the engine was loaded beforehand (tests).
  std::function<void()> load_pinyin;
  std::function<void()> load_handwriting;
  // Self-test (kiosk_flow_self_test.cpp): the receipt printer's probed capabilities in words; an
  // A4 test page for the certificate printer (answers CertificatePrintDone with job_id); one
  // voice line (false: no voice; answers a PlatformAnswer "self_test.voice" once it plays or
  // fails); the finished test's results for the heartbeat.
  std::function<std::string()> receipt_capabilities;
  std::function<void(const std::string& job_id, std::string pdf)> print_test_page;
  std::function<bool(const std::string& line)> say_test_line;
  std::function<void(nlohmann::json results)> report_self_test;
  // Diagnostics: {"disk_free_mb", "database_bytes", "certificate_expires", "versions",
  // "log_tail": [lines]} (no personal data: the log has none by construction).
  std::function<nlohmann::json()> diagnostics_facts;
  // Voice guidance (kiosk_flow_voice.cpp), all off the UI thread: say a line in "zh" or "en",
  // cutting off what is being said; silence; the volume (0..100). Empty in most tests.
  std::function<void(const std::string& text, const std::string& language)> say;
  // True when the voice tells the flow of every line played to its end (a VoicePlayed event):
  // then a keyed commitment counts as heard only once it was. Empty or false (no voice that can
  // tell): heard once its whole text was handed to the voice, as the log says.
  std::function<bool()> voice_reports_played;
  std::function<void()> silence;
  std::function<void(int volume)> set_volume;
  // POST /v1/help-requests (never queued): answers "help.request".
  std::function<void(unsigned long long ticket, nlohmann::json body)> request_help;
};

class KioskFlow {
 public:
  KioskFlow(FlowSettings settings, FlowPorts ports, store::Outbox& outbox, store::LocalState& state,
            store::ReceiptJournal& journal, const Clock& clock, Logger& logger, const I18n& i18n);
  // A kiosk that stops (or restarts) wipes whoever was using it.
  ~KioskFlow() { session_.wipe(); }
  KioskFlow(const KioskFlow&) = delete;
  KioskFlow& operator=(const KioskFlow&) = delete;

  // One row of the flow's table: on this screen, this intent does this and leads there.
  using Action = void (KioskFlow::*)(const std::string& arg);
  struct Row {
    ui::ScreenId screen;
    Intent intent;
    Action action;
    const char* leads_to;  // for readers and the README: where the resident goes next
  };
  // The whole journey: every screen, the intents it offers, what they do (kiosk_flow_table.cpp).
  static const std::vector<Row>& table();
  // The row that answers the idle warning, above any timed screen.
  static const Row& idle_warning_row();
  // The rows that answer the reasons for help (帮办), modal above the screen help was asked on
  // (their screen is that of the table's help rows: any resident screen).
  static const std::vector<Row>& help_choice_rows();
  // The intents a screen offers (what its widgets may send), from the table.
  static std::vector<Intent> offered(ui::ScreenId screen);

  // Loads the cached catalog and asks for a fresh one.
  void start();
  // A widget's id: acted on only when the current screen's row offers it; anything else is
  // dropped (and logged at debug level).
  void handle_intent(const std::string& intent);
  // Changes whenever what the resident sees changes screen (or the idle warning comes or goes):
  // a tap on a frame drawn for another epoch is not matched against this one.
  unsigned long long screen_epoch() const { return epoch_; }
  void handle_event(AppEvent event);
  // A touch anywhere: the resident is still there.
  void touched();
  // The platform has switched the terminal off, through a 403 or a "disable" command: no session
  // may start.
  bool out_of_service() const { return model_.link == "disabled" || disabled_by_command_; }
  // The hidden corner gesture was made: the PIN pad, after parking (wiping) any resident session.
  void maintenance_gesture();
  // On the PIN pad or in maintenance mode: a keyboard may be used.
  bool technician_present() const;
  // The display's rotation and touch calibration, as kept (applied to rendering and touches).
  const DisplaySetting& display_setting() const { return display_; }
  // While calibrating, a touch is a calibration point (frame coordinates, uncalibrated), not a tap.
  bool calibrating() const { return model_.display.calibrating >= 0; }
  void calibration_touch(double x, double y);
  // Timers: idle warning, idle wipe, submission wait; then the line of what is shown is said if
  // it changed (voice guidance).
  void tick();
  // The voice has started (after the first frame): the line on the screen is said now.
  void voice_started();
  // Milliseconds until tick() has something to do; nullopt when nothing is timed.
  std::optional<long long> next_timer_ms() const;
  // Milliseconds until a long caption's clock (ViewModel::caption_ms, whole seconds) moves on, so
  // that the caption's next page is drawn in step with the voice; nullopt for a short caption.
  std::optional<long long> caption_timer_ms() const;

  const ui::ViewModel& model() const { return model_; }
  // True once after anything visible changed.
  bool take_dirty();

 private:
  // The table's actions (kiosk_flow.cpp): arg is what follows an intent's prefix.
  void act_lang(const std::string& arg);
  void act_home(const std::string& arg);
  void act_elder(const std::string& arg);
  void act_start(const std::string& arg);
  void act_case_rate(const std::string& arg);
  void act_sim_card(const std::string& arg);
  void act_back(const std::string& arg);
  void act_category(const std::string& arg);
  void act_item(const std::string& arg);
  void act_apply(const std::string& arg);
  void act_certificates(const std::string& arg);
  void act_field(const std::string& arg);
  void act_key(const std::string& arg);
  void act_select(const std::string& arg);
  void act_form_next(const std::string& arg);
  void act_delivery(const std::string& arg);
  void act_commit(const std::string& arg);
  // The commitment's sign screen (kiosk_flow_sign.cpp).
  void act_commit_open(const std::string& arg);
  void act_sign_stroke(const std::string& arg);
  void act_sign_clear(const std::string& arg);
  void act_sign_done(const std::string& arg);
  void act_sign_keyed(const std::string& arg);
  // model_.signature from the session's strokes; unsigns when the ink changed.
  void show_signature();
  void wipe_signature_png();
  void act_submit(const std::string& arg);
  void act_cert_print(const std::string& arg);
  void act_reprint(const std::string& arg);
  void act_to_evaluate(const std::string& arg);
  void act_pay_new(const std::string& arg);
  void act_pay_later(const std::string& arg);
  void act_progress(const std::string& arg);
  void act_page(const std::string& arg);
  void act_search_open(const std::string& arg);
  void act_search_key(const std::string& arg);
  void act_case(const std::string& arg);
  void act_eval(const std::string& arg);
  void act_reason(const std::string& arg);
  void act_eval_submit(const std::string& arg);
  void act_eval_skip(const std::string& arg);
  void act_finish(const std::string& arg);
  void act_idle_continue(const std::string& arg);
  // Voice guidance and the call for help (kiosk_flow_voice.cpp).
  void act_voice_up(const std::string& arg);
  void act_voice_down(const std::string& arg);
  void act_voice_repeat(const std::string& arg);
  void act_help(const std::string& arg);
  void act_help_reason(const std::string& arg);
  void act_help_cancel(const std::string& arg);
  void on_help_answer(const PlatformAnswer& answer);
  // The line for what is shown now: captioned, and said when it changed (a new screen cuts the
  // old line off). Called at the end of every turn (tick).
  void update_voice();
  void say_caption();
  // The line of what is shown said now, even if it has not changed (the resident asked).
  void speak_now();
  // The voice settings of a new resident.
  void voice_defaults();
  // Speech mode with the tactile keypad (kiosk_flow_speech.cpp): keys and the headphone jack;
  // the focus moved through the frame's actionable widgets (ui::focus_order), each said; Enter
  // sends the focused widget's id through handle_intent (the table decides).
  void on_keypad(const drivers::KeypadEvent& event);
  void on_voice_played(const VoicePlayed& played);
  void speech_start(bool by_headphones);
  void speech_stop();
  void speech_move(int direction);
  void speech_enter();
  // A key that is an intent of this screen when the frame has a widget with that id.
  bool speech_intent(const std::string& id);
  // End of a turn: a new screen (or a focused widget gone) starts with nothing focused.
  void speech_turn();
  void speech_say(const std::string& text);
  bool speech_by_headphones_ = false;
  ui::ScreenId speech_screen_ = ui::ScreenId::attract;
  ui::OverlayId speech_overlay_ = ui::OverlayId::none;
  // The timers of tick().
  void run_timers();
  // Maintenance mode (kiosk_flow_maintenance.cpp).
  void act_pin_key(const std::string& arg);
  void act_pin_ok(const std::string& arg);
  void act_pin_cancel(const std::string& arg);
  void act_maint_audit(const std::string& arg);
  void act_maint_exit(const std::string& arg);
  void act_maint_bundle(const std::string& arg);
  void clear_pin();
  // The text keyboard of a form field (kiosk_flow_keyboard.cpp).
  void act_ime_key(const std::string& arg);
  void act_ime_mode(const std::string& arg);
  void act_ime_candidate(const std::string& arg);
  void act_ime_page(const std::string& arg);
  void act_ime_stroke(const std::string& arg);
  void act_ime_pad_clear(const std::string& arg);
  // The form's other editors (kiosk_flow_fields.cpp): date, region cascade, materials, delivery.
  void act_date(const std::string& arg);
  void act_region(const std::string& arg);
  void act_region_page(const std::string& arg);
  void act_material(const std::string& arg);
  void act_delivery_edit(const std::string& arg);
  void init_extra_fields();
  // The item's form, then the materials row (when it has materials) and, with express delivery,
  // its address and phone.
  std::vector<const FieldDefinition*> form_fields() const;
  const FieldDefinition* focused_definition() const;
  std::string today() const;  // YYYY-MM-DD, China Standard Time
  // Bytes of an address value that are its division's full name (the street follows).
  std::size_t address_prefix(const std::string& key) const;
  void set_region(const std::string& key, const std::string& code);
  void prefill_address(const std::string& key, const std::string& from);
  void prefill_delivery();
  void show_editors();
  void check_regions(std::map<std::string, std::string>& problems) const;
  FieldDefinition delivery_address_field_;
  FieldDefinition delivery_phone_field_;
  FieldDefinition materials_field_;
  bool region_open_ = false;  // the resident asked to choose another division
  int region_page_ = 0;
  void act_ime_close(const std::string& arg);
  // The definition of the focused field when the keyboard may edit it (text, address, ID
  // number, not read from the card); null otherwise.
  const FieldDefinition* typed_field() const;
  bool locked(const FieldDefinition& field) const;
  // A new field has the focus (or the form opened): its keyboard, nothing composed.
  void keyboard_for_focus();
  // model_.keyboard from the typing state and a pinyin composition.
  void show_composition(const ui::Composition& composition);
  void show_handwriting();
  // Pinyin is wanted (a text field's keyboard opened, or the mode chosen): librime loads.
  void want_pinyin();
  // Letters typed while librime loads: shown as typed; composed once it is ready.
  void show_pending();
  void compose_pending();
  void insert_text(const std::string& text);
  void recognise_ink(bool thorough);
  void keyboard_tick(long long now);
  // Drops what is composed or written (and, when the resident leaves, what was learnt).
  void forget_typing(bool resident_left);
  // Self-test (kiosk_flow_self_test.cpp).
  void act_maint_self_test(const std::string& arg);
  bool self_test_running() const;
  void start_self_test(bool interactive, const std::string& command_id);
  void self_test_step(const std::string& device, bool ok, const std::string& key,
                      const std::string& note);
  bool self_test_card(drivers::IdCard& card);           // true: the card was the test's
  bool self_test_scan(const drivers::ScanEvent& scan);  // true: the scan was the test's
  void self_test_tick();
  void show_self_test();
  void conclude_self_test();
  // Diagnostics (kiosk_flow_diagnostics.cpp).
  void act_maint_diagnostics(const std::string& arg);
  void act_dead_resolve(const std::string& arg);
  void act_diag_back(const std::string& arg);
  void show_diagnostics();
  // The first-boot wizard and re-enrollment (kiosk_flow_provisioning.cpp).
  void act_prov_self_test(const std::string& arg);
  void act_prov_finish(const std::string& arg);
  void open_provisioning(bool reenroll);
  void provisioning_scan(const drivers::ScanEvent& scan, const ScanContent& content);
  void provisioning_enrolled(const PlatformAnswer& answer);
  void provisioning_tested();
  // Enrolled but "Start serving" not tapped before a restart: the wizard again, at its self-test.
  bool resume_provisioning();
  void keep_provisioning_step(const std::string& step);
  // Display rotation and touch calibration (kiosk_flow_display.cpp).
  void act_maint_display(const std::string& arg);
  void act_display_rotate(const std::string& arg);
  void act_display_calibrate(const std::string& arg);
  void act_display_back(const std::string& arg);
  void show_display();
  bool keep_display();
  // Heartbeat commands and configuration (kiosk_flow_commands.cpp).
  void on_remote_command(RemoteCommand command);
  void run_commands();
  void finish_command(const std::string& id, bool ok, const std::string& detail);
  void on_command_answer(const PlatformAnswer& answer);
  void on_config(const ConfigReceived& config, bool persist);

  // The idle limits of this resident: twice as long in elder mode.
  long long idle_timeout_ms() const;
  long long idle_countdown_ms() const;
  void go(ui::ScreenId screen);
  // Attract or out of service, whichever the link state says residents should see.
  ui::ScreenId resting_screen() const;
  // No session starts while the platform has switched the terminal off.
  bool refuse_when_disabled(const char* what);
  void notice(std::string key, bool error);
  void end_session(const char* why);
  void set_catalog(Catalog catalog);
  // Every resident starts the catalog at the first category with its items shown.
  void show_first_category();
  // Field views from the session; problems shown stay, except on the field just edited.
  void rebuild_fields(const std::string& edited = "");
  void clear_field_errors();
  void on_card(drivers::IdCard card);
  void on_identity(const PlatformAnswer& answer);
  void on_catalog(const PlatformAnswer& answer);
  void on_cached_catalog(CatalogParsed& parsed);
  void on_scan(const drivers::ScanEvent& scan);
  void on_eid_code(const std::string& code);
  void on_tracking_code(const ScanContent& content);
  void on_case_status(const PlatformAnswer& answer);
  // Progress (kiosk_flow_progress.cpp).
  void open_progress();
  void list_own_cases();
  void track_on_progress(const ScanContent& content);
  void show_cases(const PlatformAnswer& answer);
  // The identified card holder's applications still in this kiosk's outbox ("saved here, not
  // yet sent"), added to the list shown.
  void add_queued_cases();
  void on_enrollment(const PlatformAnswer& answer);
  void on_sync(const SyncOutcome& outcome);
  void on_device(const drivers::DeviceStatus& status);
  void edit_focused(const std::string& key);
  void submit_application();
  void submit_evaluation();
  void on_stored(const Stored& stored);
  void on_link(const LinkChanged& link);
  void show_receipt(bool online, const nlohmann::json& reply);
  void print_receipt(bool reprint);
  void on_printed(const PrintDone& done);
  void open_certificates();
  void on_certificates(const PlatformAnswer& answer);
  void print_certificate(const std::string& certificate_id);
  void on_certificate_document(const PlatformAnswer& answer);
  void on_certificate_printed(const CertificatePrintDone& done);
  void show_platform_problems(const PlatformError& error);
  // Payment (kiosk_flow_payment.cpp): an accepted case with a fee goes to the payment screen.
  bool wants_payment(const nlohmann::json& reply) const;
  void start_payment(const nlohmann::json& reply);
  void create_payment_order();
  void on_payment_order(const PlatformAnswer& answer);
  void on_payment_status(const PlatformAnswer& answer);
  void payment_stage(const std::string& stage);
  void payment_tick(long long now);
  const CatalogItem* current_item() const;

  FlowSettings settings_;
  FlowPorts ports_;
  store::Outbox& outbox_;
  store::LocalState& state_;
  store::ReceiptJournal& journal_;
  const Clock& clock_;
  Logger& logger_;
  const I18n& i18n_;

  Catalog catalog_;
  std::string catalog_etag_;
  ResidentSession session_;
  ReceiptContent receipt_content_;  // the receipt on screen: site, item, numbers (no person)
  ui::ViewModel model_;
  unsigned long long identity_ticket_ = 0;
  bool eid_pending_ = false;  // an e-ID login code was sent for verification
  // What a browsing resident asked for that needs their identity ("apply", "certificates"):
  // done once they have identified; empty when they came to identify for nothing in particular.
  std::string after_identify_;
  bool browsing_ = false;  // came in through "start": home and back lead to the catalog
  // Carries on with after_identify_ once identified; false when there was nothing to carry on.
  bool continue_after_identify();
  unsigned long long case_ticket_ = 0;
  unsigned long long certificates_ticket_ = 0;
  unsigned long long payment_ticket_ = 0;
  unsigned long long help_ticket_ = 0;
  std::string caption_language_;      // the language the caption was said in
  long long caption_started_ms_ = 0;  // when the caption's line was said (or shown) from the start
  // The caption's clock (model_.caption_ms) moved on to the current whole second.
  void caption_clock();
  nlohmann::json accepted_reply_;  // the platform's answer for the case being paid (no person)
  std::string certificate_job_;    // the certificate job of this session, while it runs
  long long last_touch_ms_ = 0;
  PinGuard pin_guard_;
  std::string pin_entry_;  // the digits typed on the PIN pad: wiped after each try
  std::deque<RemoteCommand> waiting_commands_;  // until no resident is in a session
  std::string running_command_;                 // its id, while one runs
  std::string running_type_;
  bool disabled_by_command_ = false;
  bool provisioning_ = false;  // the wizard is the resting screen until it is finished
  DisplaySetting display_;     // kept as display.setting in the local state
  std::vector<PointF> calibration_touches_;  // the calibration's touches so far
  // The text keyboard: the writing pad's strokes and their candidates (personal: wiped).
  struct Typing {
    std::vector<ui::PenStroke> ink;
    std::vector<std::string> hand_candidates;  // every page's, best first
    int hand_page = 0;
    long long ink_rest_due_ms = 0;  // the pen rests: a thorough recognition then; 0: none due
    // Letters typed while librime loads (it loads when pinyin is first wanted): shown as they
    // are, composed once it is ready.
    std::string pending_letters;
  } typing_;
  std::deque<std::string> link_history_;                // newest first, bounded
  std::map<std::string, std::string> device_problems_;  // device -> its last trouble, with time
  std::optional<SelfTest> self_test_;                   // the last self-test, running or ended
  std::string self_test_command_;                       // the command it answers, or empty
  bool self_test_concluded_ = false;
  bool dirty_ = true;
  unsigned long long epoch_ = 0;
};

}  // namespace yiwang::kiosk
