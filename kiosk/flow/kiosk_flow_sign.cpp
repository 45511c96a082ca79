// The commitment's sign screen: the resident reads the commitment, ticks it and signs on a pad
// with a finger (clear and sign again); with enough ink the strokes become the PNG the
// application carries. Strokes and PNG are the session's (wiped with it), never logged. In speech
// mode a resident who cannot see the pad hears the commitment in full and signs it with a key
// instead: a keyed confirmation bound to the identified card (flow/keyed_confirmation.h).
#include <algorithm>

#include "flow/kiosk_flow.h"
#include "flow/signature.h"

namespace yiwang::kiosk {

void KioskFlow::wipe_signature_png() {
  drivers::secure_wipe(session_.signature_png_base64);
  session_.signature_png_base64.clear();
  session_.signature_keyed = false;  // whatever signed it, it is signed no longer
}

void KioskFlow::show_signature() {
  ui::SignatureView& view = model_.signature;
  for (auto& stroke : view.ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  view.ink = session_.signature_ink;
  view.enough_ink = ink_length(session_.signature_ink) >= kSignMinInk;
  view.keyed = session_.signature_keyed;
  view.done = session_.commitment_accepted &&
              (!session_.signature_png_base64.empty() || session_.signature_keyed);
  dirty_ = true;
}

void KioskFlow::act_commit_open(const std::string&) {
  const CatalogItem* item = current_item();
  if (!item || !item->view.has_commitment) return;
  show_signature();
  go(ui::ScreenId::sign);
}

void KioskFlow::act_sign_stroke(const std::string& points) {
  std::size_t total = 0;
  for (const auto& stroke : session_.signature_ink) total += stroke.size();
  if (session_.signature_ink.size() >= kSignMaxStrokes || total >= kSignMaxPoints ||
      points.size() > (kSignMaxPoints - total) * 12)
    return;
  ui::PenStroke stroke = parse_pen_stroke(points, ui::SignatureView::kPadWidth,
                                          ui::SignatureView::kPadHeight, kSignMaxPoints - total);
  if (stroke.empty()) {
    logger_.debug("flow", "a signature stroke that was no list of points: dropped");
    return;
  }
  session_.signature_ink.push_back(std::move(stroke));
  wipe_signature_png();  // the signature changed: taken again with "done"
  show_signature();
}

void KioskFlow::act_sign_clear(const std::string&) {
  for (auto& stroke : session_.signature_ink)
    std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  session_.signature_ink.clear();
  wipe_signature_png();
  show_signature();
}

void KioskFlow::act_sign_done(const std::string&) {
  if (!session_.commitment_accepted) return notice("notice.sign_tick_first", true);
  if (ink_length(session_.signature_ink) < kSignMinInk) return notice("notice.sign_more_ink", true);
  const std::string png =
      signature_png(session_.signature_ink, ui::SignatureView::kPadWidth,
                    ui::SignatureView::kPadHeight, kSignPngWidth, kSignPngHeight);
  if (png.empty()) return notice("notice.sign_more_ink", true);
  session_.signature_png_base64 = base64(png);
  logger_.info("flow", "commitment signed");  // that it was, never what
  show_signature();
  go(ui::ScreenId::review);
}

void KioskFlow::act_sign_keyed(const std::string&) {
  // The keypad's resident only (the button is shown in speech mode): a finger signs on the pad.
  if (!model_.speech.on) return;
  // Said in full first: focusing the button says the whole commitment, then that Enter signs.
  if (!session_.commitment_heard) return notice("notice.sign_listen_first", true);
  if (!session_.card && !session_.subject) return notice("notice.sign_identify_first", true);
  act_sign_clear("");  // no ink beside it: one way of signing at a time
  session_.commitment_accepted = true;
  session_.commitment_accepted_ms = clock_.unix_ms();
  model_.commitment_accepted = true;
  session_.signature_keyed = true;
  logger_.info("flow", "commitment confirmed by key");  // that it was, never by whom
  show_signature();
  go(ui::ScreenId::review);
}

}  // namespace yiwang::kiosk
