// What the kiosk shows: plain data the application fills in and screens only read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "toolkit/input_method.h"

namespace yiwang::ui {

// A language of the translation table: zh (index 0) and en (1) are its first two columns; any
// further one is a locale file the table loaded (assets/i18n/locales/*.tsv), in file-name order,
// so a third language is data only (Translator::languages, Translator::code).
struct Language {
  int index = 0;
  // Spelt as the enum they replaced (Language::zh), which every screen and test reads.
  static const Language zh;  // NOLINT(readability-identifier-naming)
  static const Language en;  // NOLINT(readability-identifier-naming)
  friend constexpr bool operator==(Language a, Language b) { return a.index == b.index; }
  friend constexpr bool operator!=(Language a, Language b) { return a.index != b.index; }
};
inline constexpr Language Language::zh{0};
inline constexpr Language Language::en{1};

// Bilingual text from the platform; English falls back to Chinese when missing. A further
// language reads the English (the platform's data has two languages).
struct Bilingual {
  std::string zh;
  std::string en;
  const std::string& pick(Language language) const {
    return language != Language::zh && !en.empty() ? en : zh;
  }
};

enum class ScreenId {
  attract,
  identify,
  catalog,
  guide,
  form,
  review,
  submitting,
  receipt,
  evaluate,
  goodbye,
  certificates,
  out_of_service,   // the platform switched the terminal off: no session starts
  maintenance_pin,  // the technician's PIN, after the hidden corner gesture
  maintenance,      // maintenance mode: the technician's screen
  payment,          // the fee of an accepted case, paid by scanning a QR code
  progress,         // 办件查询: a case by its receipt's code, or the resident's cases
  diagnostics,      // the technician's diagnostics, from maintenance mode
  provisioning,     // the first-boot wizard (or re-enrollment): a technician's screen
  display_setup,    // rotation and touch calibration, from maintenance mode
  sign              // the commitment read, ticked and signed on a pad (from review)
};

struct CategoryView {
  std::string code;
  Bilingual name;
};

struct MaterialView {
  std::string code;
  Bilingual name;
  bool required = false;
  bool shared = false;  // fetched by the platform itself: the resident need not bring it
  int copies = 0;
};

struct ItemView {
  std::string code;
  Bilingual name;
  Bilingual department;
  std::string mode;  // apply | guide_only | print_certificate
  std::vector<Bilingual> conditions;
  std::vector<MaterialView> materials;
  int legal_limit_days = 0;
  int promised_limit_days = 0;
  int fee_fen = 0;
  Bilingual fee_basis;
  std::vector<std::string> delivery;  // pickup | express | electronic
  bool offline_allowed = false;
  bool has_commitment = false;
  Bilingual commitment_text;
  Bilingual where;  // guide-only: the counter, address and opening hours
};

struct OptionView {
  std::string value;
  Bilingual label;
};

struct FieldView {
  std::string key;
  Bilingual label;
  std::string type;           // text | phone | number | id_number | address | select | date
  std::string display_value;  // what the screen shows (ID numbers partly masked)
  bool autofilled = false;
  bool focused = false;
  bool required = false;
  Bilingual error;  // empty when the field is fine
  std::vector<OptionView> options;
  std::string value;  // selected option value for selects
};

// The editor of the focused field when it is no text: the date picker, the address's region
// cascade (province → city → district, then the street on the keyboard), the materials list.
struct DatePickerView {
  std::string shown;  // YYYY-MM-DD: the field's date, or the one proposed until one is chosen
  bool chosen = false;
  std::string min;  // YYYY-MM-DD bounds, empty when the form gives none
  std::string max;
};

struct RegionChoice {
  std::string code;
  std::string name;
};

struct RegionPickerView {
  bool open = false;                  // a division is being chosen (else the street is typed)
  std::vector<RegionChoice> path;     // the chosen division and those above it, province first
  std::vector<RegionChoice> choices;  // this page's divisions to choose from
  std::string chosen;                 // its code, highlighted among the choices
  std::string up;      // region:<up> shows the level above the choices ("all": the provinces)
  std::string change;  // region:<change> reopens the cascade once a district is chosen
  int page = 0;
  int pages = 1;
  static constexpr int kPerPage = 24;
  static constexpr int kElderPerPage = 6;
};

// The on-screen keyboard of the focused text field: 拼音 / 手写 / ABC / 123, the candidate bar
// and the writing pad. The kiosk fills it from its input methods; the screen only draws it.
struct KeyboardView {
  std::string mode;          // pinyin | hand | abc | 123; empty: no keyboard shown
  bool engine_ready = true;  // the mode's engine has loaded (pinyin loads off the UI thread)
  std::string preedit;       // pinyin being composed, segmented ("bei jing")
  std::vector<std::string> candidates;  // this page's, best first
  bool has_previous_page = false;
  bool has_next_page = false;
  std::vector<PenStroke> ink;  // the writing pad's strokes, in pad coordinates
  // The writing pad's size: strokes are sent relative to it, recognised in this box.
  static constexpr int kPadWidth = 300;
  static constexpr int kPadHeight = 300;
  static constexpr int kCandidatesPerPage = 8;
};

// The commitment's handwritten signature: the pad's strokes (pad coordinates, y down) and
// whether they make a signature. The kiosk keeps them in the session; the screen only draws them.
struct SignatureView {
  std::vector<PenStroke> ink;
  bool enough_ink = false;  // long enough to count as a signature
  bool done = false;        // signed: the commitment is ticked and the PNG made
  bool keyed = false;       // signed by a key in speech mode (no ink): a keyed confirmation
  static constexpr int kPadWidth = 900;
  static constexpr int kPadHeight = 300;
};

struct ReceiptView {
  bool online = false;
  std::string case_id;
  std::string local_id;
  std::string promised_by;
  Bilingual item_name;
  bool printed = false;
  std::string print_problem_key;  // translation key: printing, a problem, or tear off
  bool can_reprint = false;       // the resident may ask for the receipt again (marked reprint)
  int fee_fen = 0;
  int paid_fen = 0;  // paid at this kiosk (已缴费); otherwise a fee is still due
};

// A QR code as modules, size x size with its quiet zone, 1 = dark. The kiosk encodes it; the
// screen only draws it.
struct QrModules {
  int size = 0;
  std::vector<std::uint8_t> dark;
};

// Paying the fee of an accepted case. Stages: "creating" (the order is being made), "pending"
// (the QR code is shown, polled), "expired", "cancelled", "failed" (the platform refused or
// answered nonsense), "needs_link" (no link: payment is never queued).
struct PaymentView {
  std::string stage;
  std::string case_id;
  Bilingual item_name;
  int amount_fen = 0;
  Bilingual fee_basis;
  QrModules qr;
  int seconds_left = 0;  // until the order expires
};

struct CertificateView {
  std::string id;
  Bilingual name;
  Bilingual issuer;
  std::string issued;  // YYYY-MM-DD
};

struct CertificatesView {
  bool loading = false;
  std::vector<CertificateView> list;
  std::string printing_id;  // the certificate now printing; no other print meanwhile
  std::string message_key;  // translation key: printing, printed, or the problem
  bool message_error = false;
};

// One device's self-test line: outcome (running, passed, failed, untested), the words for it (a
// translation key), facts that follow them (capabilities, a state), the time taken (-1 running).
struct SelfTestRowView {
  std::string device;
  std::string outcome;
  std::string key;
  std::string note;
  long long ms = -1;
};

// A dead letter as the technician reviews it: number, kind, provisional number, when, and the
// platform's answer (status, code, field names); never its sealed data.
struct DeadLetterView {
  long long id = 0;
  std::string kind;
  std::string local_id;
  std::string queued;
  std::string problem;
};

// The diagnostics screen: facts (label key, value) and lists, none of them personal data.
struct DiagnosticsView {
  std::vector<std::pair<std::string, std::string>> facts;  // disk, database, certificate, versions
  std::vector<std::string> link_history;                   // newest first: "09:30 down timeout"
  std::vector<DeadLetterView> dead_letters;
  std::vector<std::string> receipts;       // printed receipts whose application is dead
  std::vector<std::string> device_errors;  // "receipt: paper out (09:31)"
  std::vector<std::string> log_lines;      // the log's last lines
  std::string message_key;                 // a dead letter resolved, or why not
  std::string message_detail;
};

// The technician's screens: the PIN pad and maintenance mode.
struct MaintenanceView {
  int pin_length = 0;          // digits typed so far (shown as dots, never the digits)
  std::string message_key;     // translation key: wrong PIN, locked, no PIN set, ...
  std::string message_detail;  // what follows it: tries left, the time the lock ends
  bool message_error = false;
  std::string audit_key;                   // maint.audit.intact / maint.audit.broken, once checked
  std::string audit_detail;                // the record count, or the first broken record and why
  std::string bundle_key;                  // maint.bundle.done / maint.bundle.failed, once tried
  std::string bundle_detail;               // the bundle's folder, or what went wrong
  std::vector<SelfTestRowView> self_test;  // the last self-test, one line a device
  bool self_test_running = false;
};

// The first-boot wizard: scan the provisioning code, enroll, self-test (its rows are
// maintenance.self_test), ready. An error names the step it happened in and what to check.
struct ProvisioningView {
  std::string step = "scan";  // scan, enroll, selftest, ready
  bool reenroll = false;      // the platform refused this terminal's certificate (expired)
  std::string error_key;      // prov.error.<problem>: what went wrong and what to check
  std::string error_step;     // the step it happened in (prov.step.<step>)
  std::string terminal_id;    // once enrolled
  bool self_test_ok = false;  // on "ready": no device failed
  bool pin_set = false;       // on "ready": a maintenance PIN came with the enrollment
};

// Display rotation and touch calibration (one technician setting, kept across restarts).
struct DisplayView {
  int rotation = 0;      // 0, 90, 180, 270
  int calibrating = -1;  // the calibration target being touched (0..2); -1: none
  int target_x = 0;      // that target, in frame coordinates
  int target_y = 0;
  bool calibrated = false;  // a calibration is in use
  std::string message_key;  // display.rotated, display.calibrated, display.calibration_refused
};

struct CaseEventView {
  std::string at;
  std::string status;
  Bilingual note;
};

// A case as the platform tells it (GET /v1/applications...), bounded in length.
struct CaseView {
  std::string case_id;
  std::string local_id;
  Bilingual item_name;
  std::string status;  // case.status.<status> in words
  std::string updated_at;
  std::string promised_by;
  std::vector<CaseEventView> history;  // oldest first
  std::string item_code;
  bool rated = false;  // 好差评 given already (the platform says so, or this kiosk stored one)
  int fee_fen = 0;     // what the case costs (0: free)
  bool fee_paid = false;  // paid, here or through another channel (the platform says so)
};

// A finished case the resident may still rate (好差评: once per case).
inline bool case_rateable(const CaseView& c) {
  return (c.status == "completed" || c.status == "delivered") && !c.rated;
}

// 办件查询. A scanned provisional number still in this kiosk's outbox is not asked for: it is
// "saved here, not yet sent", with its age.
struct ProgressView {
  bool loading = false;
  std::string message_key;  // a translation key: why nothing is shown, or empty
  bool message_error = false;
  std::vector<CaseView> cases;
  int selected = -1;  // the case shown in detail, or -1 for the list
  std::string queued_local_id;
  int queued_minutes = 0;
};

inline constexpr int kCategoriesPerPage = 8;
inline constexpr int kItemsPerPage = 6;
// Elder mode shows fewer, larger entries a page.
inline constexpr int kElderCategoriesPerPage = 4;
inline constexpr int kElderItemsPerPage = 4;
inline int categories_per_page(bool elder) {
  return elder ? kElderCategoriesPerPage : kCategoriesPerPage;
}
// Searching in elder mode, the keyboard spans the width: two results a page beneath it.
inline int items_per_page(bool elder, bool searching = false) {
  if (!elder) return kItemsPerPage;
  return searching ? 2 : kElderItemsPerPage;
}

// 帮办: the resident asked for a member of staff. Stages: "choosing" (the reasons to choose from,
// modal above the screen), "sending", "sent" (staff are told; eta_minutes when the platform said,
// -1 otherwise), "offline" (no link, or the request failed: the 12345 hotline and the centre's
// hours instead).
struct HelpView {
  std::string stage;
  std::string reason;  // the reason chosen (help.reason.<reason>), once chosen
  int eta_minutes = -1;
  std::string hours_from;  // the centre's opening hours (platform config service_hours), or ""
  std::string hours_to;
};

// Speech mode (the tactile keypad, the ATM way): started by headphones plugged in or the keypad's
// audio key. The arrows move the focus through the screen's actionable widgets (their ids), Enter
// acts on the focused one; the screen can be blanked for privacy.
struct SpeechView {
  bool on = false;
  bool headphones = false;  // the voice is in the resident's ears: their own data may be said
  std::string focus;        // the focused widget's id; empty: none yet on this screen
  int focus_index = -1;     // its place in the focus order (two widgets may share an id)
  bool blanked = false;
};

struct ViewModel {
  ScreenId screen = ScreenId::attract;
  Language language = Language::zh;
  Bilingual site_name;
  bool elder_mode = false;  // 大字模式: larger type and targets, darker colours, slower timeouts

  // Status line and banner.
  bool link_up = true;      // requests are answered (also when degraded)
  std::string link = "up";  // "up", "degraded", "down", "held", "disabled": status.link.<link>
  std::string link_since;   // local clock time the link entered that state, "09:30"
  std::string link_reason;  // why it is not up, as status.reason.<code>; empty when unknown
  int pending = 0;
  int dead = 0;
  std::string oldest_pending;  // local clock time of the oldest unsent submission, or empty
  bool queue_stale = false;    // the oldest unsent submission is older than the alert threshold
  std::string queue_fault;     // why the queue is held (status.queue.<code>), or empty
  // Device name -> state ("idcard" -> "online"), both translated by the status line through
  // "device.<name>" and "state.<state>".
  std::map<std::string, std::string> devices;
  std::string notice_key;  // a banner message, as a translation key
  bool notice_is_error = false;

  std::string display_name;  // masked name of the identified resident
  bool demo_controls = false;

  std::vector<CategoryView> categories;
  std::string category;
  std::vector<ItemView> items;  // of the chosen category
  // Pages, so that a county's catalog never draws over the status line.
  int category_page = 0;
  int item_page = 0;
  // Search as you type (letters: pinyin initials or full pinyin); results replace the items.
  bool search_open = false;
  std::string search_query;
  std::vector<ItemView> results;
  ItemView item;  // the chosen item

  std::vector<FieldView> fields;
  // With no field focused, the paged form shows this field's page (the one just typed in).
  std::string form_page_field;
  KeyboardView keyboard;                 // of the focused field
  std::vector<Bilingual> form_problems;  // problems not tied to a field (one-time notification)
  std::string delivery;
  bool commitment_accepted = false;
  SignatureView signature;                     // the commitment's signature (sign screen, review)
  std::vector<std::string> missing_materials;  // materials the resident will bring on site
  // The editors of the focused field, and the resident's answer for each material the item
  // asks of them (code -> on_site | later; shared ones are never asked).
  DatePickerView date;
  RegionPickerView region;
  std::map<std::string, std::string> material_choices;

  bool saving = false;  // the submission is being written to the outbox (a few milliseconds)
  ReceiptView receipt;
  PaymentView payment;
  ProgressView progress;
  CertificatesView certificates;

  int evaluation_level = 0;
  std::vector<std::string> evaluation_reasons;

  MaintenanceView maintenance;
  DiagnosticsView diagnostics;
  ProvisioningView provisioning;
  DisplayView display;

  bool idle_warning = false;
  int idle_seconds_left = 0;
  int idle_seconds_total = 0;  // the warning's whole countdown (what is said when it starts)

  // Voice guidance: the line spoken for what is on the screen, shown as a caption (also when the
  // voice is off); the volume (0..100) and whether lines are spoken at all.
  std::string caption;
  // Milliseconds since the caption's line was started (said, or shown with the voice off): a
  // caption longer than its footer is shown a page at a time in step with it (Widget::page_ms).
  long long caption_ms = 0;
  bool voice_on = true;
  int volume = 70;
  HelpView help;
  SpeechView speech;
};

}  // namespace yiwang::ui
