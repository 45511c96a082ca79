// Session wipe: card fields, token and form values are overwritten before they are released.
#include "flow/resident_session.h"

namespace yiwang::kiosk {

void ResidentSession::wipe() {
  if (card) card->wipe();
  drivers::secure_wipe(person_token);
  drivers::secure_wipe(display_name);
  for (auto& [key, value] : form_values) drivers::secure_wipe(value);
  for (auto& [key, value] : regions) drivers::secure_wipe(value);
  if (subject) {
    drivers::secure_wipe(subject->id_number);
    drivers::secure_wipe(subject->name);
  }
  *this = ResidentSession{};
}

}  // namespace yiwang::kiosk
