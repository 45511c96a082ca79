// VirtualPrinterSink: the bytes as a file (for byte-level inspection) and the paper as a PNG.
#include "receipt/sim/virtual_printer_sink.h"

#include "receipt/byte_sink.h"

namespace yiwang::drivers {

Result<Done, SinkError> VirtualPrinterSink::write_job(const std::string& job_id,
                                                      std::span<const std::uint8_t> bytes) {
  const std::string base = directory_ + "/receipt-" + job_id;
  PathSink raw(base + ".escpos");
  auto written = raw.write_job(job_id, bytes);
  if (!written) return written;
  auto rendered = render_escpos_png(bytes, base + ".png", options_);
  if (!rendered) return fail(SinkError{false, "virtual printer: " + rendered.error()});
  if (!rendered.value().unknown_commands.empty()) {
    return fail(SinkError{
        false, "virtual printer: unknown command " + rendered.value().unknown_commands.front()});
  }
  return Done{};
}

}  // namespace yiwang::drivers
