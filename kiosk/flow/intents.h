// The intents a resident can send: a widget id ("item:460100-0001-0001") parsed into a kind and
// an argument, so the flow's table can name them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace yiwang::kiosk {

enum class Intent {
  lang,             // lang: switch Chinese / English
  home,             // home
  elder,            // elder: elder mode (大字模式) on or off
  start,            // start: touch to begin
  sim_card,         // sim.card: demo only, present the sample card
  back,             // back
  category,         // category:<code>
  item,             // item:<code>
  apply,            // apply
  certificates,     // certificates: the resident's certificates
  field,            // field:<key>: focus a form field
  key,              // key:<0-9|del|clear>
  select,           // select:<field>:<value>
  form_next,        // form.next
  delivery,         // delivery:<method>
  commit_toggle,    // commit.toggle: the credit commitment ticked (sign screen)
  commit_open,      // commit.open: read and sign the commitment (the sign screen)
  sign_stroke,      // sign.stroke:<x,y x,y ...>: one stroke on the signature pad
  sign_clear,       // sign.clear: wipe the signature pad, to sign again
  sign_done,        // sign.done: ticked and signed: the signature is taken
  sign_keyed,       // sign.keyed: speech mode: the commitment heard in full, a key signs it
  submit,           // submit
  cert_print,       // cert.print:<certificate id>
  receipt_reprint,  // receipt.reprint
  to_evaluate,      // to.evaluate
  pay_new,          // pay.new: a new payment order (the last one expired, or failed)
  pay_later,        // pay.later: the fee is paid later, with the receipt's tracking code
  progress,         // progress: 办件查询
  page,             // page:<cat+|cat-|item+|item->: another page of categories or items
  search_open,      // search.open: open or close the search keyboard
  search_key,       // search.key:<A-Z|del|clear|a Chinese word>
  case_detail,      // case:<case id>: one case of the list in detail
  eval,             // eval:<1-5>
  reason,           // reason:<code>
  eval_submit,      // eval.submit
  eval_skip,        // eval.skip
  finish,           // finish
  idle_continue,    // idle.continue: the resident is still there
  pin_ok,           // pin.ok: the technician's PIN is typed
  maint_audit,      // maint.audit: check the audit log's chain
  maint_exit,       // maint.exit: leave maintenance mode
  maint_bundle,     // maint.bundle: write the support bundle to the USB stick
  case_rate,        // case.rate: rate (好差评) the completed case shown
  // The text keyboard of a form field (issue 13).
  ime_key,            // ime.key:<a-z|0-9|'|-|/|#|space|del|clear>
  ime_mode,           // ime.mode:<pinyin|hand|abc|123>
  ime_candidate,      // ime.cand:<index on the page>
  ime_page,           // ime.page:<+|->
  ime_stroke,         // ime.stroke:<x,y x,y ...>: one stroke on the writing pad, pad coordinates
  ime_pad_clear,      // ime.pad_clear: wipe the writing pad
  ime_close,          // ime.close: done typing, the keyboard closed (elder mode: the fields again)
  maint_self_test,    // maint.selftest: test every device
  maint_diagnostics,  // maint.diagnostics: the diagnostics screen
  dead_resolve,       // dead.resolve:<id>: a dead letter dealt with, erased
  prov_self_test,     // prov.selftest: the provisioning wizard's self-test, again
  prov_finish,        // prov.finish: the wizard is done, residents may come
  maint_display,      // maint.display: the display's rotation and touch calibration
  display_rotate,     // display.rotate:<0|90|180|270>
  display_calibrate,  // display.calibrate: touch three targets
  // The form's other editors (issue 13).
  date,           // date:<y+|y-|y+10|y-10|m+|m-|d+|d-|ok>: the date picker of the focused field
  region,         // region:<GB/T 2260 code|all>: a division of the focused address field
  region_page,    // region.page:<+|->: another page of divisions
  material,       // material:<code>:<on_site|later>: how a material reaches the counter
  delivery_edit,  // delivery.edit: the express address and phone, on the form
  // Voice guidance and help (issue 15).
  voice_up,      // voice.up: louder
  voice_down,    // voice.down: quieter
  voice_repeat,  // voice.repeat: the screen's line again (and the voice on, if it was off)
  help,          // help: call a member of staff (帮办): the reasons to choose from, online
  help_reason,   // help.reason:<cannot_read|cannot_type|need_explanation|other>: staff called
  help_cancel,   // help.cancel: the reasons closed, nobody called
};

struct IntentCall {
  Intent intent = Intent::lang;
  std::string arg;  // what follows the prefix, for intents that carry one
};

// nullopt for an id that is no intent (a typo, a widget of a newer screen).
std::optional<IntentCall> parse_intent(std::string_view id);
// The id's fixed part, as written on widgets: "item:", "form.next".
const char* intent_name(Intent intent);

}  // namespace yiwang::kiosk
