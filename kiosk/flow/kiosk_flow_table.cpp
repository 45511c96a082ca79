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
      {S::attract,        I::start,           &F::act_start,         "catalog, nobody identified (identity asked on apply; out_of_service if disabled)"},
      {S::attract,        I::progress,        &F::act_progress,      "progress: scan a receipt, or place a card"},
      {S::out_of_service, I::lang,            &F::act_lang,          "out_of_service, other language"},
      {S::out_of_service, I::elder,           &F::act_elder,         "out_of_service, elder mode (大字) on or off"},
      {S::identify,       I::lang,            &F::act_lang,          "identify"},
      {S::identify,       I::elder,           &F::act_elder,         "identify, elder mode (大字) on or off"},
      {S::identify,       I::home,            &F::act_home,          "attract, nobody identified yet (catalog when browsing)"},
      {S::identify,       I::back,            &F::act_back,          "attract; or the guide when asked on apply"},
      {S::identify,       I::sim_card,        &F::act_sim_card,      "identify; the demo card is read"},
      {S::catalog,        I::lang,            &F::act_lang,          "catalog"},
      {S::catalog,        I::elder,           &F::act_elder,         "catalog, elder mode (大字) on or off"},
      {S::catalog,        I::home,            &F::act_home,          "catalog"},
      {S::catalog,        I::category,        &F::act_category,      "catalog, that category's items"},
      {S::catalog,        I::item,            &F::act_item,          "guide of the item"},
      {S::catalog,        I::progress,        &F::act_progress,      "progress: this resident's cases"},
      {S::catalog,        I::page,            &F::act_page,          "catalog, another page"},
      {S::catalog,        I::search_open,     &F::act_search_open,   "catalog, the search keyboard opened or closed"},
      {S::catalog,        I::search_key,      &F::act_search_key,    "catalog, results as the resident types"},
      {S::guide,          I::lang,            &F::act_lang,          "guide"},
      {S::guide,          I::elder,           &F::act_elder,         "guide, elder mode (大字) on or off"},
      {S::guide,          I::home,            &F::act_home,          "catalog"},
      {S::guide,          I::back,            &F::act_back,          "catalog"},
      {S::guide,          I::apply,           &F::act_apply,         "form; the transaction is created (identify first if nobody is)"},
      {S::guide,          I::certificates,    &F::act_certificates,  "certificates (identified online; identify first if nobody is)"},
      {S::form,           I::lang,            &F::act_lang,          "form"},
      {S::form,           I::elder,           &F::act_elder,         "form, elder mode (大字) on or off"},
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
      {S::review,         I::home,            &F::act_home,          "catalog"},
      {S::review,         I::back,            &F::act_back,          "form"},
      {S::review,         I::delivery,        &F::act_delivery,      "review, a delivery chosen"},
      {S::review,         I::commit_open,     &F::act_commit_open,   "sign: the commitment to read, tick and sign"},
      {S::review,         I::delivery_edit,   &F::act_delivery_edit, "form, the express address and phone focused"},
      {S::review,         I::submit,          &F::act_submit,        "submitting: saving, then waiting"},
      {S::sign,           I::lang,            &F::act_lang,          "sign"},
      {S::sign,           I::elder,           &F::act_elder,         "sign, elder mode (大字) on or off"},
      {S::sign,           I::home,            &F::act_home,          "catalog"},
      {S::sign,           I::back,            &F::act_back,          "review; what is drawn stays, not yet signed"},
      {S::sign,           I::commit_toggle,   &F::act_commit,        "sign, the commitment (un)ticked"},
      {S::sign,           I::sign_stroke,     &F::act_sign_stroke,   "sign, a stroke more on the pad"},
      {S::sign,           I::sign_clear,      &F::act_sign_clear,    "sign, the pad wiped to sign again"},
      {S::sign,           I::sign_done,       &F::act_sign_done,     "review, signed (ticked, enough ink); or sign saying what is missing"},
      {S::submitting,     I::lang,            &F::act_lang,          "submitting"},
      {S::submitting,     I::elder,           &F::act_elder,         "submitting, elder mode (大字) on or off"},
      {S::progress,       I::lang,            &F::act_lang,          "progress"},
      {S::progress,       I::elder,           &F::act_elder,         "progress, elder mode (大字) on or off"},
      {S::progress,       I::home,            &F::act_home,          "catalog if identified or browsing, else attract"},
      {S::progress,       I::back,            &F::act_back,          "the list; or catalog if identified or browsing, else attract"},
      {S::progress,       I::case_detail,     &F::act_case,          "progress, that case in detail"},
      {S::progress,       I::case_rate,       &F::act_case_rate,     "evaluate that completed case (not yet rated)"},
      {S::payment,        I::lang,            &F::act_lang,          "payment"},
      {S::payment,        I::elder,           &F::act_elder,         "payment, elder mode (大字) on or off"},
      {S::payment,        I::pay_new,         &F::act_pay_new,       "payment, a new order"},
      {S::payment,        I::pay_later,       &F::act_pay_later,     "receipt; the fee is paid later with its tracking code"},
      {S::receipt,        I::lang,            &F::act_lang,          "receipt"},
      {S::receipt,        I::elder,           &F::act_elder,         "receipt, elder mode (大字) on or off"},
      {S::receipt,        I::receipt_reprint, &F::act_reprint,       "receipt, printed again (REPRINT)"},
      {S::receipt,        I::to_evaluate,     &F::act_to_evaluate,   "evaluate; the evaluation is created"},
      {S::evaluate,       I::lang,            &F::act_lang,          "evaluate"},
      {S::evaluate,       I::elder,           &F::act_elder,         "evaluate, elder mode (大字) on or off"},
      {S::evaluate,       I::eval,            &F::act_eval,          "evaluate, a level chosen"},
      {S::evaluate,       I::reason,          &F::act_reason,        "evaluate, a reason (un)chosen"},
      {S::evaluate,       I::eval_submit,     &F::act_eval_submit,   "goodbye once stored (once)"},
      {S::evaluate,       I::eval_skip,       &F::act_eval_skip,     "goodbye"},
      {S::goodbye,        I::lang,            &F::act_lang,          "goodbye"},
      {S::goodbye,        I::elder,           &F::act_elder,         "goodbye, elder mode (大字) on or off"},
      {S::goodbye,        I::finish,          &F::act_finish,        "attract; the session is wiped"},
      {S::certificates,   I::lang,            &F::act_lang,          "certificates"},
      {S::certificates,   I::elder,           &F::act_elder,         "certificates, elder mode (大字) on or off"},
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

std::vector<Intent> KioskFlow::offered(ui::ScreenId screen) {
  std::vector<Intent> intents;
  for (const Row& row : table()) {
    if (row.screen == screen) intents.push_back(row.intent);
  }
  return intents;
}

}  // namespace yiwang::kiosk
