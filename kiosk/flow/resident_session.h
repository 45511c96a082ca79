// Everything about the person at the kiosk, in one object that is wiped when they leave.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "idcard/id_card.h"

namespace yiwang::kiosk {

struct ResidentSession {
  std::optional<drivers::IdCard> card;
  std::string person_token;  // memory only, at most 15 minutes
  std::string display_name;  // masked
  bool verified_online = false;
  bool identified_by_eid = false;  // a mobile e-ID code, verified online; no card data at all

  std::string item_code;
  std::map<std::string, std::string> form_values;
  std::string focused_field;
  std::string delivery;
  bool commitment_accepted = false;
  long long commitment_accepted_ms = 0;

  long long outbox_id = 0;  // the submitted application, while waiting for the platform
  long long submit_deadline_ms = 0;
  std::string local_id;
  std::string case_id;

  int evaluation_level = 0;
  std::vector<std::string> evaluation_reasons;

  bool active() const { return card.has_value() || identified_by_eid; }
  // Zeroes every personal string, then resets to an empty session.
  void wipe();
};

}  // namespace yiwang::kiosk
