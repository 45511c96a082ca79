// Everything about the person at the kiosk, in one object that is wiped when they leave.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "idcard/id_card.h"
#include "toolkit/input_method.h"

namespace yiwang::kiosk {

// One thing the resident submits (an application, an evaluation). Its id is made once, when it
// is created, and is the idempotency key of every send: a second Submit of the same transaction
// is the same transaction, never a second row, case or receipt.
struct Transaction {
  enum class Stage { none, draft, saving, stored };
  Stage stage = Stage::none;
  std::string id;        // a random UUID: never reused, unlike an outbox row id
  std::string local_id;  // the terminal's provisional number, once stored
};

struct ResidentSession {
  std::optional<drivers::IdCard> card;
  std::string person_token;  // memory only, at most 15 minutes
  std::string display_name;  // masked
  bool verified_online = false;
  bool identified_by_eid = false;  // a mobile e-ID code, verified online; no card data at all
  // What the platform verified about an e-ID resident (its answer's `subject`): fills the form
  // as a card would. No address: the resident types it.
  struct Subject {
    drivers::CardType card_type = drivers::CardType::resident;
    std::string id_number;
    std::string name;
  };
  std::optional<Subject> subject;

  std::string item_code;
  // Field key -> value. Besides the item's form: "delivery.address" and "delivery.phone" for
  // express delivery. An address value is the chosen division's full name and the street.
  std::map<std::string, std::string> form_values;
  std::map<std::string, std::string> regions;  // address field key -> GB/T 2260 code chosen
  // Material code -> on_site | later, for the materials the resident provides (not "shared").
  std::map<std::string, std::string> materials;
  std::string focused_field;
  std::string delivery;
  bool commitment_accepted = false;
  long long commitment_accepted_ms = 0;
  // The commitment's handwritten signature: the pad's strokes, and once signed the PNG sent
  // (base64). Personal data: wiped with the rest.
  std::vector<ui::PenStroke> signature_ink;
  std::string signature_png_base64;
  // Speech mode's keyed confirmation instead of ink (a resident who cannot see the pad): the
  // commitment was said in full on the sign screen, then a key press signed it. What the
  // application carries then binds it to the identified card (flow/keyed_confirmation.h).
  bool commitment_heard = false;
  std::string commitment_heard_language;  // "zh" or "en": the language it was said in
  // The commitment as said on focus, until the voice reports it played to its end (VoicePlayed):
  // only then is it heard. A newer line cuts it, and it must be focused again.
  std::string commitment_line;
  bool signature_keyed = false;

  Transaction application;
  bool awaiting_case = false;  // on "submitting", waiting for the platform's case number
  long long submit_deadline_ms = 0;
  std::string local_id;  // the application's provisional number
  std::string case_id;

  // The fee of the accepted case, paid by QR: needs the link, never queued. Each order has its
  // own idempotency key (a new order after one expired is a new key).
  std::string payment_key;
  std::string payment_order_id;
  long long payment_expires_unix_ms = 0;
  long long payment_next_poll_ms = 0;  // monotonic
  bool payment_poll_in_flight = false;
  int paid_fen = 0;

  Transaction evaluation;

  int evaluation_level = 0;
  std::vector<std::string> evaluation_reasons;

  bool active() const { return card.has_value() || identified_by_eid; }
  // The applicant's card type: the card's, the e-ID subject's, else a resident card.
  drivers::CardType card_type() const {
    return card ? card->type : subject ? subject->card_type : drivers::CardType::resident;
  }
  // Zeroes every personal string, then resets to an empty session.
  void wipe();
};

}  // namespace yiwang::kiosk
