// Session wipe: card fields, token, form values and the signature are overwritten before they are
// released.
#include "flow/resident_session.h"

#include <algorithm>

namespace yiwang::kiosk {

void ResidentSession::wipe() {
  if (card) card->wipe();
  drivers::secure_wipe(person_token);
  drivers::secure_wipe(display_name);
  for (auto& [key, value] : form_values) drivers::secure_wipe(value);
  for (auto& [key, value] : regions) drivers::secure_wipe(value);
  for (auto& stroke : signature_ink) std::fill(stroke.begin(), stroke.end(), ui::PenPoint{});
  drivers::secure_wipe(signature_png_base64);
  if (subject) {
    drivers::secure_wipe(subject->id_number);
    drivers::secure_wipe(subject->name);
  }
  *this = ResidentSession{};
}

}  // namespace yiwang::kiosk
