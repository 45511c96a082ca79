// The flow's table: every screen, the intents it offers, what each does and where it leads.
// An intent that is not a row of the current screen is dropped (KioskFlow::handle_intent).
#include <algorithm>

#include "flow/kiosk_flow.h"

namespace yiwang::kiosk {

using S = ui::ScreenId;
using I = Intent;
using F = KioskFlow;

const std::vector<KioskFlow::Row>& KioskFlow::table() {
  // Events from other threads (a card, a scanned code, answers) are not intents: a card or an
  // e-ID code is taken on attract and identify only, and never while out of service.
  // One row a line, in columns: that is the point of the table.
  // clang-format off
  static const std::vector<Row> kRows{
      // screen           intent              action                 leads to
      {S::attract,        I::lang,            &F::act_lang,          "attract, other language"},
      {S::attract,        I::elder,           &F::act_elder,         "attract, elder mode (大字) on or off"},
      {S::attract,        I::voice_up,        &F::act_voice_up,      "attract, louder; its line again"},
      {S::attract,        I::voice_down,      &F::act_voice_down,    "attract, quieter"},
      {S::attract,        I::voice_repeat,    &F::act_voice_repeat,  "attract, its line again (the voice on)"},
      {S::attract,        I::help,            &F::act_help,          "attract; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::attract,        I::start,           &F::act_start,         "catalog, nobody identified (identity asked on apply; out_of_service if disabled)"},
      {S::attract,        I::progress,        &F::act_progress,      "progress: scan a receipt, or place a card"},
      {S::out_of_service, I::lang,            &F::act_lang,          "out_of_service, other language"},
      {S::out_of_service, I::elder,           &F::act_elder,         "out_of_service, elder mode (大字) on or off"},
      {S::out_of_service, I::voice_up,        &F::act_voice_up,      "out_of_service, louder; its line again"},
      {S::out_of_service, I::voice_down,      &F::act_voice_down,    "out_of_service, quieter"},
      {S::out_of_service, I::voice_repeat,    &F::act_voice_repeat,  "out_of_service, its line again (the voice on)"},
      {S::out_of_service, I::help,            &F::act_help,          "out_of_service; the 12345 hotline and hours (the platform refuses a disabled terminal)"},
      {S::identify,       I::lang,            &F::act_lang,          "identify"},
      {S::identify,       I::elder,           &F::act_elder,         "identify, elder mode (大字) on or off"},
      {S::identify,       I::voice_up,        &F::act_voice_up,      "identify, louder; its line again"},
      {S::identify,       I::voice_down,      &F::act_voice_down,    "identify, quieter"},
      {S::identify,       I::voice_repeat,    &F::act_voice_repeat,  "identify, its line again (the voice on)"},
      {S::identify,       I::help,            &F::act_help,          "identify; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::identify,       I::home,            &F::act_home,          "attract, nobody identified yet (catalog when browsing)"},
      {S::identify,       I::back,            &F::act_back,          "attract; or the guide when asked on apply"},
      {S::identify,       I::sim_card,        &F::act_sim_card,      "identify; the demo card is read"},
      {S::catalog,        I::lang,            &F::act_lang,          "catalog"},
      {S::catalog,        I::elder,           &F::act_elder,         "catalog, elder mode (大字) on or off"},
      {S::catalog,        I::voice_up,        &F::act_voice_up,      "catalog, louder; its line again"},
      {S::catalog,        I::voice_down,      &F::act_voice_down,    "catalog, quieter"},
      {S::catalog,        I::voice_repeat,    &F::act_voice_repeat,  "catalog, its line again (the voice on)"},
      {S::catalog,        I::help,            &F::act_help,          "catalog; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::catalog,        I::home,            &F::act_home,          "catalog"},
      {S::catalog,        I::category,        &F::act_category,      "catalog, that category's items"},
      {S::catalog,        I::item,            &F::act_item,          "guide of the item"},
      {S::catalog,        I::progress,        &F::act_progress,      "progress: this resident's cases"},
      {S::catalog,        I::page,            &F::act_page,          "catalog, another page"},
      {S::catalog,        I::search_open,     &F::act_search_open,   "catalog, the search keyboard opened or closed"},
      {S::catalog,        I::search_key,      &F::act_search_key,    "catalog, results as the resident types"},
      {S::guide,          I::lang,            &F::act_lang,          "guide"},
      {S::guide,          I::elder,           &F::act_elder,         "guide, elder mode (大字) on or off"},
      {S::guide,          I::voice_up,        &F::act_voice_up,      "guide, louder; its line again"},
      {S::guide,          I::voice_down,      &F::act_voice_down,    "guide, quieter"},
      {S::guide,          I::voice_repeat,    &F::act_voice_repeat,  "guide, its line again (the voice on)"},
      {S::guide,          I::help,            &F::act_help,          "guide; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::guide,          I::home,            &F::act_home,          "catalog"},
      {S::guide,          I::back,            &F::act_back,          "catalog"},
      {S::guide,          I::apply,           &F::act_apply,         "form; the transaction is created (identify first if nobody is)"},
      {S::guide,          I::certificates,    &F::act_certificates,  "certificates (identified online; identify first if nobody is)"},
      {S::form,           I::lang,            &F::act_lang,          "form"},
      {S::form,           I::elder,           &F::act_elder,         "form, elder mode (大字) on or off"},
      {S::form,           I::voice_up,        &F::act_voice_up,      "form, louder; its line again"},
      {S::form,           I::voice_down,      &F::act_voice_down,    "form, quieter"},
      {S::form,           I::voice_repeat,    &F::act_voice_repeat,  "form, its line again (the voice on)"},
      {S::form,           I::help,            &F::act_help,          "form; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::form,           I::home,            &F::act_home,          "catalog"},
      {S::form,           I::back,            &F::act_back,          "guide"},
      {S::form,           I::field,           &F::act_field,         "form, that field focused"},
      {S::form,           I::key,             &F::act_key,           "form, the focused field edited"},
      {S::form,           I::select,          &F::act_select,        "form, an option chosen"},
      {S::form,           I::form_next,       &F::act_form_next,     "review, or form with every problem"},
      {S::form,           I::ime_key,         &F::act_ime_key,       "form, a letter composed or a character typed"},
      {S::form,           I::ime_mode,        &F::act_ime_mode,      "form, the keyboard in pinyin, handwriting, ABC or 123"},
      {S::form,           I::ime_candidate,   &F::act_ime_candidate, "form, the candidate put into the field"},
      {S::form,           I::ime_page,        &F::act_ime_page,      "form, another page of candidates"},
      {S::form,           I::ime_stroke,      &F::act_ime_stroke,    "form, the pad's strokes recognised into candidates"},
      {S::form,           I::ime_pad_clear,   &F::act_ime_pad_clear, "form, the writing pad wiped"},
      {S::form,           I::date,            &F::act_date,          "form, the date picker's date moved or taken"},
      {S::form,           I::region,          &F::act_region,        "form, a province, city or district of the address chosen"},
      {S::form,           I::region_page,     &F::act_region_page,   "form, another page of divisions"},
      {S::form,           I::material,        &F::act_material,      "form, a material brought to the counter or later"},
      {S::form,           I::ime_close,       &F::act_ime_close,     "form, no field focused: the keyboard closed"},
      {S::review,         I::lang,            &F::act_lang,          "review"},
      {S::review,         I::elder,           &F::act_elder,         "review, elder mode (大字) on or off"},
      {S::review,         I::voice_up,        &F::act_voice_up,      "review, louder; its line again"},
      {S::review,         I::voice_down,      &F::act_voice_down,    "review, quieter"},
      {S::review,         I::voice_repeat,    &F::act_voice_repeat,  "review, its line again (the voice on)"},
      {S::review,         I::help,            &F::act_help,          "review; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::review,         I::home,            &F::act_home,          "catalog"},
      {S::review,         I::back,            &F::act_back,          "form"},
      {S::review,         I::delivery,        &F::act_delivery,      "review, a delivery chosen"},
      {S::review,         I::commit_open,     &F::act_commit_open,   "sign: the commitment to read, tick and sign"},
      {S::review,         I::delivery_edit,   &F::act_delivery_edit, "form, the express address and phone focused"},
      {S::review,         I::submit,          &F::act_submit,        "submitting: saving, then waiting"},
      {S::sign,           I::lang,            &F::act_lang,          "sign"},
      {S::sign,           I::elder,           &F::act_elder,         "sign, elder mode (大字) on or off"},
      {S::sign,           I::voice_up,        &F::act_voice_up,      "sign, louder; its line again"},
      {S::sign,           I::voice_down,      &F::act_voice_down,    "sign, quieter"},
      {S::sign,           I::voice_repeat,    &F::act_voice_repeat,  "sign, its line again (the voice on)"},
      {S::sign,           I::help,            &F::act_help,          "sign; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::sign,           I::home,            &F::act_home,          "catalog"},
      {S::sign,           I::back,            &F::act_back,          "review; what is drawn stays, not yet signed"},
      {S::sign,           I::commit_toggle,   &F::act_commit,        "sign, the commitment (un)ticked"},
      {S::sign,           I::sign_stroke,     &F::act_sign_stroke,   "sign, a stroke more on the pad"},
      {S::sign,           I::sign_clear,      &F::act_sign_clear,    "sign, the pad wiped to sign again"},
      {S::sign,           I::sign_done,       &F::act_sign_done,     "review, signed (ticked, enough ink); or sign saying what is missing"},
      {S::sign,           I::sign_keyed,      &F::act_sign_keyed,    "review, signed by a key in speech mode (the commitment said in full on its button, a card identified); or sign saying what is missing"},
      {S::submitting,     I::lang,            &F::act_lang,          "submitting"},
      {S::submitting,     I::elder,           &F::act_elder,         "submitting, elder mode (大字) on or off"},
      {S::submitting,     I::voice_up,        &F::act_voice_up,      "submitting, louder; its line again"},
      {S::submitting,     I::voice_down,      &F::act_voice_down,    "submitting, quieter"},
      {S::submitting,     I::voice_repeat,    &F::act_voice_repeat,  "submitting, its line again (the voice on)"},
      {S::submitting,     I::help,            &F::act_help,          "submitting; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::progress,       I::lang,            &F::act_lang,          "progress"},
      {S::progress,       I::elder,           &F::act_elder,         "progress, elder mode (大字) on or off"},
      {S::progress,       I::voice_up,        &F::act_voice_up,      "progress, louder; its line again"},
      {S::progress,       I::voice_down,      &F::act_voice_down,    "progress, quieter"},
      {S::progress,       I::voice_repeat,    &F::act_voice_repeat,  "progress, its line again (the voice on)"},
      {S::progress,       I::help,            &F::act_help,          "progress; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::progress,       I::home,            &F::act_home,          "catalog if identified or browsing, else attract"},
      {S::progress,       I::back,            &F::act_back,          "the list; or catalog if identified or browsing, else attract"},
      {S::progress,       I::case_detail,     &F::act_case,          "progress, that case in detail"},
      {S::progress,       I::case_rate,       &F::act_case_rate,     "evaluate that completed case (not yet rated)"},
      {S::payment,        I::lang,            &F::act_lang,          "payment"},
      {S::payment,        I::elder,           &F::act_elder,         "payment, elder mode (大字) on or off"},
      {S::payment,        I::voice_up,        &F::act_voice_up,      "payment, louder; its line again"},
      {S::payment,        I::voice_down,      &F::act_voice_down,    "payment, quieter"},
      {S::payment,        I::voice_repeat,    &F::act_voice_repeat,  "payment, its line again (the voice on)"},
      {S::payment,        I::help,            &F::act_help,          "payment; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::payment,        I::pay_new,         &F::act_pay_new,       "payment, a new order"},
      {S::payment,        I::pay_later,       &F::act_pay_later,     "receipt; the fee is paid later with its tracking code"},
      {S::receipt,        I::lang,            &F::act_lang,          "receipt"},
      {S::receipt,        I::elder,           &F::act_elder,         "receipt, elder mode (大字) on or off"},
      {S::receipt,        I::voice_up,        &F::act_voice_up,      "receipt, louder; its line again"},
      {S::receipt,        I::voice_down,      &F::act_voice_down,    "receipt, quieter"},
      {S::receipt,        I::voice_repeat,    &F::act_voice_repeat,  "receipt, its line again (the voice on)"},
      {S::receipt,        I::help,            &F::act_help,          "receipt; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::receipt,        I::receipt_reprint, &F::act_reprint,       "receipt, printed again (REPRINT)"},
      {S::receipt,        I::to_evaluate,     &F::act_to_evaluate,   "evaluate; the evaluation is created"},
      {S::evaluate,       I::lang,            &F::act_lang,          "evaluate"},
      {S::evaluate,       I::elder,           &F::act_elder,         "evaluate, elder mode (大字) on or off"},
      {S::evaluate,       I::voice_up,        &F::act_voice_up,      "evaluate, louder; its line again"},
      {S::evaluate,       I::voice_down,      &F::act_voice_down,    "evaluate, quieter"},
      {S::evaluate,       I::voice_repeat,    &F::act_voice_repeat,  "evaluate, its line again (the voice on)"},
      {S::evaluate,       I::help,            &F::act_help,          "evaluate; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::evaluate,       I::eval,            &F::act_eval,          "evaluate, a level chosen"},
      {S::evaluate,       I::reason,          &F::act_reason,        "evaluate, a reason (un)chosen"},
      {S::evaluate,       I::eval_submit,     &F::act_eval_submit,   "goodbye once stored (once)"},
      {S::evaluate,       I::eval_skip,       &F::act_eval_skip,     "goodbye"},
      {S::goodbye,        I::lang,            &F::act_lang,          "goodbye"},
      {S::goodbye,        I::elder,           &F::act_elder,         "goodbye, elder mode (大字) on or off"},
      {S::goodbye,        I::voice_up,        &F::act_voice_up,      "goodbye, louder; its line again"},
      {S::goodbye,        I::voice_down,      &F::act_voice_down,    "goodbye, quieter"},
      {S::goodbye,        I::voice_repeat,    &F::act_voice_repeat,  "goodbye, its line again (the voice on)"},
      {S::goodbye,        I::help,            &F::act_help,          "goodbye; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::goodbye,        I::finish,          &F::act_finish,        "attract; the session is wiped"},
      {S::certificates,   I::lang,            &F::act_lang,          "certificates"},
      {S::certificates,   I::elder,           &F::act_elder,         "certificates, elder mode (大字) on or off"},
      {S::certificates,   I::voice_up,        &F::act_voice_up,      "certificates, louder; its line again"},
      {S::certificates,   I::voice_down,      &F::act_voice_down,    "certificates, quieter"},
      {S::certificates,   I::voice_repeat,    &F::act_voice_repeat,  "certificates, its line again (the voice on)"},
      {S::certificates,   I::help,            &F::act_help,          "certificates; the reasons for help to choose from (offline: the 12345 hotline and hours)"},
      {S::certificates,   I::home,            &F::act_home,          "catalog"},
      {S::certificates,   I::back,            &F::act_back,          "guide (not while printing)"},
      {S::certificates,   I::cert_print,      &F::act_cert_print,    "certificates, one printing"},
      {S::maintenance_pin, I::lang,           &F::act_lang,          "maintenance_pin"},
      {S::maintenance_pin, I::key,            &F::act_pin_key,       "maintenance_pin, a digit more or less"},
      {S::maintenance_pin, I::pin_ok,         &F::act_pin_ok,        "maintenance, or maintenance_pin saying why not"},
      {S::maintenance_pin, I::back,           &F::act_pin_cancel,    "attract (out_of_service if disabled)"},
      {S::maintenance,    I::lang,            &F::act_lang,          "maintenance"},
      {S::maintenance,    I::maint_audit,     &F::act_maint_audit,   "maintenance, the audit chain checked"},
      {S::maintenance,    I::maint_bundle,    &F::act_maint_bundle,  "maintenance, a support bundle on the USB stick"},
      {S::maintenance,    I::maint_self_test, &F::act_maint_self_test, "maintenance, every device tested (results as they come)"},
      {S::maintenance,    I::maint_diagnostics, &F::act_maint_diagnostics, "diagnostics"},
      {S::diagnostics,    I::lang,            &F::act_lang,          "diagnostics"},
      {S::diagnostics,    I::dead_resolve,    &F::act_dead_resolve,  "diagnostics, that dead letter resolved and erased"},
      {S::diagnostics,    I::back,            &F::act_diag_back,     "maintenance"},
      {S::maintenance,    I::maint_exit,      &F::act_maint_exit,    "attract (out_of_service if disabled); devices back to residents"},
      {S::maintenance,    I::maint_display,   &F::act_maint_display, "display: rotation and touch calibration"},
      {S::display_setup,  I::lang,            &F::act_lang,          "display"},
      {S::display_setup,  I::display_rotate,  &F::act_display_rotate, "display, the frame turned (kept across restarts)"},
      {S::display_setup,  I::display_calibrate, &F::act_display_calibrate, "display, three targets to touch; the calibration kept"},
      {S::display_setup,  I::back,            &F::act_display_back,  "maintenance"},
      {S::provisioning,   I::lang,            &F::act_lang,          "provisioning, other language"},
      {S::provisioning,   I::prov_self_test,  &F::act_prov_self_test, "provisioning, every device tested again (ready step)"},
      {S::provisioning,   I::prov_finish,     &F::act_prov_finish,   "attract (out_of_service if disabled), once enrolled and tested"},
  };
  // clang-format on
  return kRows;
}

const KioskFlow::Row& KioskFlow::idle_warning_row() {
  // Above every screen but attract, out_of_service and submitting, once the resident has not
  // touched anything for the idle timeout; modal: no other intent is taken while it shows.
  static const Row kRow{S::attract, I::idle_continue, &F::act_idle_continue,
                        "the screen beneath; the countdown stops"};
  return kRow;
}

const std::vector<KioskFlow::Row>& KioskFlow::help_choice_rows() {
  // Above the screen help was asked on, once the link is up; modal: no other intent is taken
  // while it shows (the idle warning may still come above it) but its voice bar's, which the
  // keypad's volume keys send too.
  // clang-format off
  static const std::vector<Row> kRows{
      {S::attract, I::help_reason, &F::act_help_reason, "the screen beneath; staff called with that reason (failed: the 12345 hotline and hours)"},
      {S::attract, I::help_cancel, &F::act_help_cancel, "the screen beneath; nobody called"},
      {S::attract, I::voice_up, &F::act_voice_up, "the reasons, louder; their line again"},
      {S::attract, I::voice_down, &F::act_voice_down, "the reasons, quieter"},
      {S::attract, I::voice_repeat, &F::act_voice_repeat, "the reasons, their line again (the voice on)"},
  };
  // clang-format on
  return kRows;
}

std::vector<Intent> KioskFlow::offered(ui::ScreenId screen) {
  std::vector<Intent> intents;
  for (const Row& row : table()) {
    if (row.screen == screen) intents.push_back(row.intent);
  }
  return intents;
}

}  // namespace yiwang::kiosk
