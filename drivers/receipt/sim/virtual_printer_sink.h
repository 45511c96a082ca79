// A byte sink that is the virtual printer: keeps each job's bytes and draws it as a PNG.
#pragma once

#include <string>

#include "receipt/byte_sink.h"
#include "receipt/sim/virtual_printer.h"

namespace yiwang::drivers {

class VirtualPrinterSink final : public ByteSink {
 public:
  // Files go to directory/receipt-<job id>.escpos and .png.
  VirtualPrinterSink(std::string directory, VirtualPrinterOptions options)
      : directory_(std::move(directory)), options_(std::move(options)) {}
  Result<Done, SinkError> write_job(const std::string& job_id,
                                    std::span<const std::uint8_t> bytes) override;

 private:
  std::string directory_;
  VirtualPrinterOptions options_;
};

}  // namespace yiwang::drivers
