// The receipt printer driver: a thread that prints transaction-bound jobs exactly once, polls the
// printer's status, and reports each status change once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/device_status.h"
#include "receipt/escpos_status.h"
#include "receipt/printer_port.h"

namespace yiwang::drivers {

struct ReceiptJob {
  std::string id;                  // the transaction's id; every event about the job carries it
  std::vector<std::uint8_t> body;  // everything before the cut
  std::vector<std::uint8_t> cut;   // the cut that ends the receipt
};

enum class PrintOutcome { printed, not_printed };

struct PrintEvent {
  enum class Kind { jobDone, statusChanged };
  Kind kind = Kind::jobDone;
  std::string job_id;
  PrintOutcome outcome = PrintOutcome::not_printed;
  bool cut_confirmed = false;  // printed: the printer also confirmed the cut
  std::string reason;          // not printed: "paper_out", "cover_open", "no_device", ...
  std::string message;         // technician-facing
  DeviceStatus status;         // statusChanged
};

struct ReceiptPrinterSettings {
  // Printed to close a receipt an interruption left unfinished on the paper (its text says
  // "void"), so that only complete receipts leave the printer unmarked.
  std::vector<std::uint8_t> void_slip;
  bool start_with_void = false;  // the last run may have stopped mid-receipt
  int poll_interval_ms = 2000;   // idle status polling and reconnect attempts
  int answer_timeout_ms = 1500;  // a status request unanswered this long: the link is dead
  int ack_timeout_ms = 20000;    // a receipt prints within this, or it is cancelled
  int attempts = 3;              // connections tried per job
};

// How a job is printed, so that a retry never gives a resident two receipts:
//  1. status (DLE EOT 1..4) first; a printer that cannot print gets nothing;
//  2. a fragment left by an earlier interruption is closed with the void slip;
//  3. the body, then GS r 1: the printer answers only once it has printed the body. While
//     waiting, real-time status is polled; paper out, cover open or an error cancel the rest of
//     the job in the printer (DLE DC4 8) and it is reported as not printed;
//  4. a lost connection before that answer: reconnect, void the fragment, print again;
//  5. the cut, then GS r 1 again. Once the body is printed the job is never printed again; a
//     cut that was not confirmed is made at the start of the next job.
class ReceiptPrinter {
 public:
  using Listener = std::function<void(PrintEvent)>;
  ReceiptPrinter(std::unique_ptr<ByteLink> port, ReceiptPrinterSettings settings,
                 Listener listener);
  ~ReceiptPrinter();
  ReceiptPrinter(const ReceiptPrinter&) = delete;
  ReceiptPrinter& operator=(const ReceiptPrinter&) = delete;

  void print(ReceiptJob job);

 private:
  struct Waited {
    bool acknowledged = false;
    bool link_lost = false;
    std::string reason;  // cancelled: why
  };
  void run();
  PrintEvent print_job(const ReceiptJob& job);
  bool connect();
  Result<PrinterCondition, LinkError> poll_status();
  Result<Done, LinkError> request_status(int n, PrinterStatusBits& bits);
  Result<Done, LinkError> send_and_confirm(const std::vector<std::uint8_t>& bytes);
  Waited wait_for_answer(int timeout_ms, bool cancel_on_trouble);
  void report(DeviceState state, PaperState paper, const std::string& detail);
  void report(const PrinterCondition& condition);

  std::unique_ptr<ByteLink> port_;
  ReceiptPrinterSettings settings_;
  Listener listener_;
  bool void_pending_ = false;  // a fragment may be on the paper
  bool cut_pending_ = false;   // the last receipt printed, its cut unconfirmed
  int acks_ = 0;               // GS r answers seen and not yet consumed
  DeviceStatus last_;
  bool reported_ = false;

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<ReceiptJob> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace yiwang::drivers
