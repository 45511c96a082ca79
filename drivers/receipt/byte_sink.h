// Where receipt bytes go: a printer device node (/dev/usb/lp0) or a file, written whole per job.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "common/result.h"

namespace yiwang::drivers {

struct SinkError {
  bool device_missing = false;  // unplugged / not there: status noDevice
  std::string message;
};

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  // job_id names the job (a transaction's local number); sinks that keep files use it.
  virtual Result<Done, SinkError> write_job(const std::string& job_id,
                                            std::span<const std::uint8_t> bytes) = 0;
};

class PathSink final : public ByteSink {
 public:
  // A device node is opened for writing as it is; a regular file is replaced per job.
  explicit PathSink(std::string path) : path_(std::move(path)) {}
  Result<Done, SinkError> write_job(const std::string& job_id,
                                    std::span<const std::uint8_t> bytes) override;

 private:
  std::string path_;
};

}  // namespace yiwang::drivers
