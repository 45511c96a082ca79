// Everything other threads tell the UI thread, as one variant carried by the event queue.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "idcard/idcard_reader.h"
#include "keypad/tactile_keypad.h"
#include "platform/platform_error.h"
#include "qr/line_scanner.h"

namespace yiwang::kiosk {

// The sync worker's report about one outbox entry.
struct SyncOutcome {
  enum class Result { accepted, rejected, retrying, held };
  std::string transaction_id;  // the entry's idempotency key: never reused (a row id can be)
  std::string kind;
  std::string local_id;
  Result result = Result::retrying;
  nlohmann::json reply;  // accepted: the platform's answer
  PlatformError error;   // otherwise
};

// up: the last request got an answer; degraded: the platform answers with trouble (5xx, 429);
// down: no answer at all; held: the platform refuses this terminal's certificate (401: it needs
// re-enrollment); disabled: the platform has switched the terminal off (403: out of service).
enum class LinkState { up, degraded, down, held, disabled };
inline const char* to_string(LinkState state) {
  switch (state) {
    case LinkState::up:
      return "up";
    case LinkState::degraded:
      return "degraded";
    case LinkState::down:
      return "down";
    case LinkState::held:
      return "held";
    case LinkState::disabled:
      return "disabled";
  }
  return "down";
}

struct LinkChanged {
  LinkState state = LinkState::down;
  std::string reason;           // technician-facing, for the log
  std::string reason_code;      // "tls_untrusted", "certificate_expired", ...: status.reason.<code>
  long long since_unix_ms = 0;  // when it entered this state
  bool up() const { return state == LinkState::up || state == LinkState::degraded; }
};

struct QueueChanged {
  int pending = 0;
  int dead = 0;
  long long oldest_pending_created_ms = 0;  // 0 when nothing is pending
  bool stale = false;       // the oldest pending entry is older than the alert threshold
  std::string held_reason;  // why nothing is sent ("outbox_key_missing"), or empty
};

// The flow asks for a transaction to be written to the outbox, off the UI thread.
// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
struct StoreRequest {
  std::string transaction_id;  // the idempotency key
  std::string kind;            // "application", "evaluation"
  std::string local_id;        // empty: the store allocates "<terminal>-<day>-NNNN" + suffix
  std::string local_id_suffix;
  std::string terminal_id;
  std::string day;                      // YYYYMMDD (China Standard Time)
  std::string parent_local_id;          // an evaluation waits for (and follows) its application
  bool payload_takes_local_id = false;  // the payload's "local_id" is the one allocated
  nlohmann::json payload;
  long long now_ms = 0;  // wall clock, for the entry's creation time
};

// The store's answer: durable (committed with synchronous=FULL) when ok.
struct Stored {
  std::string transaction_id;
  std::string kind;
  std::string local_id;
  bool ok = false;
  bool already = false;  // the same transaction was stored before: nothing new written
  std::string failure;   // "disk_full", "key_missing", "store_failed"
  std::string message;   // technician-facing
};

// Answer to an interactive call (identity verification, catalog refresh).
struct PlatformAnswer {
  std::string purpose;  // "identity", "catalog"
  unsigned long long ticket = 0;
  bool ok = false;
  nlohmann::json body;
  std::string etag;
  bool not_modified = false;
  PlatformError error;
};

// The receipt printer finished a job: printed once, or not at all (never "maybe").
struct PrintDone {
  std::string job_id;
  bool printed = false;
  bool cut_confirmed = false;
  std::string reason;   // not printed: "paper_out", "cover_open", "no_device", ...
  std::string message;  // technician-facing
};

// The certificate printer finished a job (completed, or why not).
struct CertificatePrintDone {
  std::string job_id;
  bool completed = false;
  std::string reason;   // "media_empty", "queue_paused", "no_device", "timed_out", ...
  std::string message;  // technician-facing
};

// A command from the platform's heartbeat answer, seen for the first time (command_log.h): the
// flow runs it when no resident is in a session and reports how it ended.
// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
struct RemoteCommand {
  std::string id;
  std::string type;  // self_test, reload_catalog, disable, enable, update, upload_logs, reboot
  nlohmann::json body;
};

// The platform's configuration, when its version is not the one the kiosk applied.
// NOLINTNEXTLINE(bugprone-exception-escape): the check sees nlohmann::json's asserting destructor
struct ConfigReceived {
  long long version = 0;
  nlohmann::json config;
};

// SIGTERM or SIGINT arrived: the kiosk stops.
struct StopRequested {
  int signal = 0;
};

struct Catalog;  // flow/catalog_model.h
// The cached catalog, parsed off the UI thread at start (the first frame does not wait for it).
struct CatalogParsed {
  std::string etag;
  std::shared_ptr<Catalog> catalog;  // null when the cached text was unreadable
  std::string error;
};

// The voice played a line to its end (not cut by a newer line or silence): its text and language.
struct VoicePlayed {
  std::string text;
  std::string language;
};

using AppEvent = std::variant<drivers::CardReaderEvent, drivers::ScanEvent, SyncOutcome,
                              LinkChanged, QueueChanged, PlatformAnswer, PrintDone,
                              CertificatePrintDone, Stored, StopRequested, RemoteCommand,
                              ConfigReceived, CatalogParsed, drivers::KeypadEvent, VoicePlayed>;

}  // namespace yiwang::kiosk
