// The receipt printer driver: a thread that prints transaction-bound jobs at most once, confirms
// each by its identity where the printer can, polls the printer's status, and reports each
// status change once.
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
#include "receipt/escpos_replies.h"
#include "receipt/escpos_status.h"
#include "receipt/printer_port.h"

namespace yiwang::drivers {

struct ReceiptJob {
  std::string id;                  // the transaction's id; every event about the job carries it
  std::vector<std::uint8_t> body;  // everything before the cut
  std::vector<std::uint8_t> cut;   // the cut that ends the receipt
};

// printed: on paper (confirmed by the printer, or sent once to a printer that cannot confirm:
// then PrintEvent::confirmed is false). not_printed: nothing, or a fragment that was voided or
// is owed a void slip; with reason "unconfirmed" the body went out and whether it all printed
// is unknown (the link or the printer went silent): the resident is asked to check the slip.
enum class PrintOutcome { printed, not_printed };

// How strongly this printer can confirm a job (the strongest it answers is used):
//  identity  GS ( H fn 48: `37 22 id 00` comes back once everything before it is *printed*;
//  sequence  GS r 1: its answer comes once everything before it is *processed* (not printed),
//            followed by a real-time status check;
//  blind     neither (or a one-way link): the body goes out once and is never sent again.
enum class ConfirmMode { identity, sequence, blind };
std::string_view to_string(ConfirmMode mode);

// What the printer answered when it was probed after connecting.
struct PrinterCapabilities {
  bool probed = false;
  bool realtime_status = false;     // DLE EOT n answered
  bool transaction_number = false;  // GS ( H fn 48 answered
  bool paper_sensor = false;        // GS r 1 answered
  bool clear_answer = false;        // DLE DC4 8 answered `37 25 00`
  std::string model;                // GS I 67, "" when not answered
  bool two_way = true;              // the link carries answers at all
  ConfirmMode mode() const;
  // For the technician: "identity-confirmed (GS ( H); TM-T88V; DLE EOT, GS r, DLE DC4 8".
  std::string describe() const;
};

// Where a job is, as the journal keeps it. A restart reads the last job's stage and cuts, voids
// or does nothing (see restart_closing()).
enum class JobStage {
  body_sent,          // the first byte of the body may be on paper
  body_printed,       // the printer confirmed the whole body (or, blind, it was sent once)
  cut_confirmed,      // the cut is confirmed: nothing owed
  fragment_on_paper,  // an unfinished body is on paper: a void slip is owed
  uncertain,          // the body went out and nobody knows how much printed: a cut is owed
  closed,             // what was owed (void slip or cut) is on paper
};
std::string_view to_string(JobStage stage);

// What the printer owes the paper before the next receipt.
enum class OwedClosing { none, cut, void_slip };
OwedClosing restart_closing(JobStage last_stage);

struct PrintEvent {
  enum class Kind { jobDone, statusChanged };
  Kind kind = Kind::jobDone;
  std::string job_id;
  PrintOutcome outcome = PrintOutcome::not_printed;
  bool cut_confirmed = false;  // printed: the printer also confirmed the cut
  bool confirmed = false;      // printed: the printer confirmed the body (false: blind once)
  bool copy = false;           // printed: this paper is marked as a copy (a retry)
  std::string reason;          // "paper_out", "cover_open", "no_device", "unconfirmed", ...
  std::string message;         // technician-facing
  DeviceStatus status;         // statusChanged
};

struct ReceiptPrinterSettings {
  // Printed to close a receipt an interruption left unfinished on the paper (its text says
  // "void"), so that only complete receipts leave the printer unmarked. Includes its cut.
  std::vector<std::uint8_t> void_slip;
  // Printed above a body that is sent again after it was known not to have printed in full.
  std::vector<std::uint8_t> copy_banner;
  bool start_with_void = false;  // the last run may have stopped mid-receipt (old journals)
  OwedClosing start_owing = OwedClosing::none;  // from the journal's last stage at start
  std::string owed_job;                         // the job it is owed for (journaled as closed)
  int poll_interval_ms = 5000;   // idle status polling and reconnect attempts (each one wakes)
  int answer_timeout_ms = 1500;  // a probe or an idle status request unanswered this long
  // A job's bound: this plus its estimated lines at the slowest printing speed. A printer still
  // printing is waited for within it, never reconnected, and a late status answer is not a dead
  // link: only a closed or failed connection is.
  int ack_timeout_ms = 20000;
  double slowest_lines_per_second = 4.0;
  int attempts = 3;  // connections tried per job (the body itself goes out at most twice)
  // Called on the driver thread, before the driver goes on, at every stage of a job (and with
  // `closed` for the job an owed void or cut was for). The kiosk writes it to its journal.
  std::function<void(const std::string& job_id, JobStage stage)> journal;
};

// How a job is printed (the modes above), so that a retry never gives a resident two receipts:
//  1. connect and probe: input flushed, buffers cleared (DLE DC4 8), ASB off (GS a 0), then
//     which of DLE EOT, GS ( H, GS r, GS I answer; kept until the link is reopened;
//  2. status (DLE EOT 1..4); a printer that cannot print gets nothing;
//  3. what is owed from before (a void slip, a cut) is printed and confirmed;
//  4. input flushed, `body_sent` journaled, the body goes out once with real-time commands off
//     around it, followed by the mode's confirmation request; while waiting (bounded by the job's
//     length) status is polled and ASB blocks are read: paper out or cover open cancel the rest
//     in the printer (DLE DC4 8) and a void slip is owed;
//  5. a connection that fails while the body is being written (so not all of it arrived): the
//     fragment is voided and the body is sent once more, marked as a copy; a connection lost
//     after the body was written, or a printer silent past the bound: the body is not sent
//     again, the paper is cut and the resident is asked to check the slip ("unconfirmed");
//  6. the cut, confirmed the same way; a cut not confirmed is made before the next job.
class ReceiptPrinter {
 public:
  using Listener = std::function<void(PrintEvent)>;
  ReceiptPrinter(std::unique_ptr<ByteLink> port, ReceiptPrinterSettings settings,
                 Listener listener);
  ~ReceiptPrinter();
  ReceiptPrinter(const ReceiptPrinter&) = delete;
  ReceiptPrinter& operator=(const ReceiptPrinter&) = delete;

  void print(ReceiptJob job);
  // The last probe's result (thread-safe copy).
  PrinterCapabilities capabilities() const;

 private:
  enum class Wait { answered, trouble, link_lost, timed_out };
  struct Waited {
    Wait result = Wait::timed_out;
    std::string reason;  // trouble: why
  };
  void run();
  PrintEvent print_job(const ReceiptJob& job);
  bool connect();
  void probe();
  bool pump(int timeout_ms);  // reads replies into inbox_; false: link lost
  void flush_input();
  Result<PrinterCondition, LinkError> poll_status();
  // Sends `bytes` followed by the mode's confirmation request and waits for its answer.
  Waited send_confirmed(const std::vector<std::uint8_t>& bytes, char purpose, int bound_ms,
                        bool cancel_on_trouble);
  Waited wait_confirmation(const std::string& marker, int bound_ms, bool cancel_on_trouble);
  void cancel_in_printer();
  bool close_owed();
  void set_stage(const std::string& job_id, JobStage stage);
  // Part of this job is on the paper: journaled so, and the next job starts with a void slip.
  void owe_void_slip(const std::string& job_id);
  std::string next_marker(char purpose);
  int bound_for(const std::vector<std::uint8_t>& bytes) const;
  void report(DeviceState state, PaperState paper, const std::string& detail);
  void report(const PrinterCondition& condition);

  std::unique_ptr<ByteLink> port_;
  ReceiptPrinterSettings settings_;
  Listener listener_;
  ReplyParser parser_;
  std::deque<PrinterReply> inbox_;
  PrinterStatusBits bits_;  // the last status heard (DLE EOT or ASB)
  OwedClosing owed_ = OwedClosing::none;
  std::string owed_job_;
  int owed_bound_ms_ = 0;  // what may still be printing ahead of the owed closing
  bool reprobe_ = true;    // probe at the next connection (first, or the printer went away)
  unsigned marker_counter_ = 0;
  DeviceStatus last_;
  bool reported_ = false;

  mutable std::mutex mutex_;  // guards jobs_, stopping_ and capabilities_
  PrinterCapabilities capabilities_;
  std::condition_variable ready_;
  std::deque<ReceiptJob> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace yiwang::drivers
