// A USB receipt printer through libusb: the printer-class interface found from the descriptors,
// the kernel's usblp detached while we hold it, bulk OUT for data and bulk IN for status.
#include <libusb.h>

#include <algorithm>
#include <cstdio>

#include "receipt/printer_port.h"

namespace yiwang::drivers {

namespace {

constexpr std::uint8_t kPrinterClass = 7;
constexpr std::uint8_t kBidirectional = 2;  // bInterfaceProtocol
constexpr int kChunk = 4096;

std::string hex_id(std::uint16_t vendor, std::uint16_t product) {
  char text[16];
  std::snprintf(text, sizeof text, "%04x:%04x", vendor, product);
  return text;
}

struct Endpoints {
  int interface = -1;
  int alt_setting = 0;
  std::uint8_t out = 0;
  std::uint8_t in = 0;  // 0: one-way printer
};

// The first printer-class interface of the active configuration with a bulk OUT endpoint.
Endpoints find_endpoints(libusb_device* device) {
  Endpoints found;
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0 &&
      libusb_get_config_descriptor(device, 0, &config) != 0)
    return found;
  for (int i = 0; i < config->bNumInterfaces && found.interface < 0; ++i) {
    const libusb_interface& interface = config->interface[i];
    for (int a = 0; a < interface.num_altsetting && found.interface < 0; ++a) {
      const libusb_interface_descriptor& d = interface.altsetting[a];
      if (d.bInterfaceClass != kPrinterClass) continue;
      Endpoints candidate;
      candidate.interface = d.bInterfaceNumber;
      candidate.alt_setting = d.bAlternateSetting;
      for (int e = 0; e < d.bNumEndpoints; ++e) {
        const libusb_endpoint_descriptor& ep = d.endpoint[e];
        if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
        if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN) {
          if (d.bInterfaceProtocol == kBidirectional) candidate.in = ep.bEndpointAddress;
        } else {
          candidate.out = ep.bEndpointAddress;
        }
      }
      if (candidate.out != 0) found = candidate;
    }
  }
  libusb_free_config_descriptor(config);
  return found;
}

bool missing(int rc) {
  return rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_NOT_FOUND || rc == LIBUSB_ERROR_IO ||
         rc == LIBUSB_ERROR_PIPE;
}

class UsbPrinterPort final : public PrinterPort {
 public:
  UsbPrinterPort(std::uint16_t vendor, std::uint16_t product) : vendor_(vendor), product_(product) {
    init_rc_ = libusb_init(&context_);
  }
  ~UsbPrinterPort() override {
    close();
    if (context_ != nullptr) libusb_exit(context_);
  }
  UsbPrinterPort(const UsbPrinterPort&) = delete;
  UsbPrinterPort& operator=(const UsbPrinterPort&) = delete;

  std::string describe() const override {
    return vendor_ == 0 ? std::string("usb (printer class)") : "usb " + hex_id(vendor_, product_);
  }
  bool is_open() const override { return handle_ != nullptr; }
  bool bidirectional() const override { return endpoints_.in != 0; }

  Result<Done, PortError> open() override {
    close();
    if (init_rc_ != 0)
      return fail(PortError{true, std::string("libusb: ") + libusb_strerror(init_rc_)});
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context_, &list);
    if (count < 0)
      return fail(
          PortError{true, std::string("libusb: ") + libusb_strerror(static_cast<int>(count))});
    libusb_device* chosen = nullptr;
    Endpoints endpoints;
    for (ssize_t i = 0; i < count && chosen == nullptr; ++i) {
      libusb_device_descriptor d{};
      if (libusb_get_device_descriptor(list[i], &d) != 0) continue;
      if (vendor_ != 0 && (d.idVendor != vendor_ || d.idProduct != product_)) continue;
      Endpoints e = find_endpoints(list[i]);
      if (e.interface < 0) continue;
      chosen = list[i];
      endpoints = e;
    }
    std::string problem;
    if (chosen == nullptr) {
      problem = "no USB printer " + describe().substr(4);
    } else if (const int rc = libusb_open(chosen, &handle_); rc != 0) {
      problem = std::string("open: ") + libusb_strerror(rc);
      handle_ = nullptr;
    }
    libusb_free_device_list(list, 1);
    if (handle_ == nullptr) return fail(PortError{true, describe() + ": " + problem});

    // usblp owns the interface while /dev/usb/lp* exists; take it over for as long as we hold it.
    if (libusb_kernel_driver_active(handle_, endpoints.interface) == 1) {
      if (const int rc = libusb_detach_kernel_driver(handle_, endpoints.interface); rc != 0)
        return give_up(rc, "detach usblp");
      reattach_ = true;
    }
    if (const int rc = libusb_claim_interface(handle_, endpoints.interface); rc != 0)
      return give_up(rc, "claim interface");
    if (endpoints.alt_setting != 0) {
      if (const int rc =
              libusb_set_interface_alt_setting(handle_, endpoints.interface, endpoints.alt_setting);
          rc != 0)
        return give_up(rc, "alternate setting");
    }
    endpoints_ = endpoints;
    return Done{};
  }

  void close() override {
    if (handle_ == nullptr) return;
    libusb_release_interface(handle_, endpoints_.interface);
    if (reattach_) libusb_attach_kernel_driver(handle_, endpoints_.interface);
    libusb_close(handle_);
    handle_ = nullptr;
    reattach_ = false;
  }

  Result<Done, PortError> write(std::span<const std::uint8_t> bytes, int timeout_ms) override {
    if (handle_ == nullptr) return fail(PortError{true, describe() + ": not open"});
    std::size_t done = 0;
    while (done < bytes.size()) {
      const int length = static_cast<int>(std::min<std::size_t>(kChunk, bytes.size() - done));
      int transferred = 0;
      const int rc = libusb_bulk_transfer(handle_, endpoints_.out,
                                          const_cast<unsigned char*>(bytes.data() + done), length,
                                          &transferred, static_cast<unsigned>(timeout_ms));
      done += static_cast<std::size_t>(transferred);
      if (rc == LIBUSB_ERROR_TIMEOUT && transferred > 0) continue;
      if (rc != 0) {
        auto problem = give_up(rc, "bulk out");
        return problem;
      }
    }
    return Done{};
  }

  Result<std::size_t, PortError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    if (handle_ == nullptr) return fail(PortError{true, describe() + ": not open"});
    if (endpoints_.in == 0) return std::size_t{0};
    int transferred = 0;
    const int rc =
        libusb_bulk_transfer(handle_, endpoints_.in, buffer.data(), static_cast<int>(buffer.size()),
                             &transferred, static_cast<unsigned>(std::max(timeout_ms, 1)));
    if (rc == LIBUSB_ERROR_TIMEOUT) return static_cast<std::size_t>(transferred);
    if (rc != 0) return give_up(rc, "bulk in");
    return static_cast<std::size_t>(transferred);
  }

 private:
  Failure<PortError> give_up(int rc, const char* what) {
    close();
    return fail(PortError{missing(rc), describe() + ": " + what + ": " + libusb_strerror(rc)});
  }

  std::uint16_t vendor_;
  std::uint16_t product_;
  libusb_context* context_ = nullptr;
  int init_rc_ = 0;
  libusb_device_handle* handle_ = nullptr;
  Endpoints endpoints_;
  bool reattach_ = false;
};

}  // namespace

std::unique_ptr<PrinterPort> make_usb_port(std::uint16_t vendor_id, std::uint16_t product_id) {
  return std::make_unique<UsbPrinterPort>(vendor_id, product_id);
}

}  // namespace yiwang::drivers
