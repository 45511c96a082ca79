// Widget ids to intents: exact names, and prefixes that carry an argument.
#include "flow/intents.h"

#include <array>
#include <utility>

namespace yiwang::kiosk {

namespace {

struct Spelling {
  Intent intent;
  const char* text;
  bool prefix;  // "item:" takes what follows as the argument
};

constexpr std::array kSpellings{
    Spelling{Intent::lang, "lang", false},
    Spelling{Intent::home, "home", false},
    Spelling{Intent::elder, "elder", false},
    Spelling{Intent::start, "start", false},
    Spelling{Intent::sim_card, "sim.card", false},
    Spelling{Intent::back, "back", false},
    Spelling{Intent::category, "category:", true},
    Spelling{Intent::item, "item:", true},
    Spelling{Intent::apply, "apply", false},
    Spelling{Intent::certificates, "certificates", false},
    Spelling{Intent::field, "field:", true},
    Spelling{Intent::key, "key:", true},
    Spelling{Intent::select, "select:", true},
    Spelling{Intent::form_next, "form.next", false},
    Spelling{Intent::delivery, "delivery:", true},
    Spelling{Intent::commit_toggle, "commit.toggle", false},
    Spelling{Intent::commit_open, "commit.open", false},
    Spelling{Intent::sign_stroke, "sign.stroke:", true},
    Spelling{Intent::sign_clear, "sign.clear", false},
    Spelling{Intent::sign_done, "sign.done", false},
    Spelling{Intent::sign_keyed, "sign.keyed", false},
    Spelling{Intent::submit, "submit", false},
    Spelling{Intent::cert_print, "cert.print:", true},
    Spelling{Intent::receipt_reprint, "receipt.reprint", false},
    Spelling{Intent::to_evaluate, "to.evaluate", false},
    Spelling{Intent::pay_new, "pay.new", false},
    Spelling{Intent::pay_later, "pay.later", false},
    Spelling{Intent::progress, "progress", false},
    Spelling{Intent::page, "page:", true},
    Spelling{Intent::search_open, "search.open", false},
    Spelling{Intent::search_key, "search.key:", true},
    Spelling{Intent::case_detail, "case:", true},
    Spelling{Intent::eval, "eval:", true},
    Spelling{Intent::reason, "reason:", true},
    Spelling{Intent::eval_submit, "eval.submit", false},
    Spelling{Intent::eval_skip, "eval.skip", false},
    Spelling{Intent::finish, "finish", false},
    Spelling{Intent::idle_continue, "idle.continue", false},
    Spelling{Intent::pin_ok, "pin.ok", false},
    Spelling{Intent::maint_audit, "maint.audit", false},
    Spelling{Intent::maint_exit, "maint.exit", false},
    Spelling{Intent::maint_bundle, "maint.bundle", false},
    Spelling{Intent::case_rate, "case.rate", false},
    Spelling{Intent::ime_key, "ime.key:", true},
    Spelling{Intent::ime_mode, "ime.mode:", true},
    Spelling{Intent::ime_candidate, "ime.cand:", true},
    Spelling{Intent::ime_page, "ime.page:", true},
    Spelling{Intent::ime_stroke, "ime.stroke:", true},
    Spelling{Intent::ime_pad_clear, "ime.pad_clear", false},
    Spelling{Intent::ime_close, "ime.close", false},
    Spelling{Intent::maint_self_test, "maint.selftest", false},
    Spelling{Intent::maint_diagnostics, "maint.diagnostics", false},
    Spelling{Intent::dead_resolve, "dead.resolve:", true},
    Spelling{Intent::prov_self_test, "prov.selftest", false},
    Spelling{Intent::prov_finish, "prov.finish", false},
    Spelling{Intent::maint_display, "maint.display", false},
    Spelling{Intent::display_rotate, "display.rotate:", true},
    Spelling{Intent::display_calibrate, "display.calibrate", false},
    Spelling{Intent::date, "date:", true},
    Spelling{Intent::region_page, "region.page:", true},
    Spelling{Intent::region, "region:", true},
    Spelling{Intent::material, "material:", true},
    Spelling{Intent::delivery_edit, "delivery.edit", false},
    Spelling{Intent::voice_up, "voice.up", false},
    Spelling{Intent::voice_down, "voice.down", false},
    Spelling{Intent::voice_repeat, "voice.repeat", false},
    Spelling{Intent::help, "help", false},
    Spelling{Intent::help_reason, "help.reason:", true},
    Spelling{Intent::help_cancel, "help.cancel", false},
};

}  // namespace

std::optional<IntentCall> parse_intent(std::string_view id) {
  for (const auto& spelling : kSpellings) {
    const std::string_view text(spelling.text);
    if (spelling.prefix ? id.substr(0, text.size()) == text && id.size() > text.size()
                        : id == text) {
      return IntentCall{spelling.intent,
                        std::string(spelling.prefix ? id.substr(text.size()) : "")};
    }
  }
  return std::nullopt;
}

const char* intent_name(Intent intent) {
  for (const auto& spelling : kSpellings) {
    if (spelling.intent == intent) return spelling.text;
  }
  return "?";
}

}  // namespace yiwang::kiosk
