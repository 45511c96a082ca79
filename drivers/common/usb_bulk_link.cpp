// USB bulk endpoints through libusb: the interface found from the descriptors by a selector, its
// kernel driver (usblp, a vendor module) detached while we hold it, bulk OUT and bulk IN.
#include <libusb.h>

#include <algorithm>
#include <cstdio>

#include "common/byte_link.h"

namespace yiwang::drivers {

namespace {

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

// The first interface of the active configuration that the selector accepts, with a bulk OUT
// endpoint (and a bulk IN one when the selector needs it).
Endpoints find_endpoints(libusb_device* device, const UsbSelector& selector) {
  Endpoints found;
  libusb_config_descriptor* config = nullptr;
  if (libusb_get_active_config_descriptor(device, &config) != 0 &&
      libusb_get_config_descriptor(device, 0, &config) != 0)
    return found;
  for (int i = 0; i < config->bNumInterfaces && found.interface < 0; ++i) {
    const libusb_interface& interface = config->interface[i];
    for (int a = 0; a < interface.num_altsetting && found.interface < 0; ++a) {
      const libusb_interface_descriptor& d = interface.altsetting[a];
      if (selector.interface_class >= 0 && d.bInterfaceClass != selector.interface_class) continue;
      Endpoints candidate;
      candidate.interface = d.bInterfaceNumber;
      candidate.alt_setting = d.bAlternateSetting;
      const bool answers = selector.in_protocol < 0 || d.bInterfaceProtocol == selector.in_protocol;
      for (int e = 0; e < d.bNumEndpoints; ++e) {
        const libusb_endpoint_descriptor& ep = d.endpoint[e];
        if ((ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK) != LIBUSB_TRANSFER_TYPE_BULK) continue;
        if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN) {
          if (answers && candidate.in == 0) candidate.in = ep.bEndpointAddress;
        } else if (candidate.out == 0) {
          candidate.out = ep.bEndpointAddress;
        }
      }
      if (candidate.out != 0 && (!selector.need_in || candidate.in != 0)) found = candidate;
    }
  }
  libusb_free_config_descriptor(config);
  return found;
}

bool missing(int rc) {
  return rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_NOT_FOUND || rc == LIBUSB_ERROR_IO ||
         rc == LIBUSB_ERROR_PIPE;
}

class UsbBulkLink final : public ByteLink {
 public:
  explicit UsbBulkLink(UsbSelector selector) : selector_(std::move(selector)) {
    init_rc_ = libusb_init(&context_);
  }
  ~UsbBulkLink() override {
    close();
    if (context_ != nullptr) libusb_exit(context_);
  }
  UsbBulkLink(const UsbBulkLink&) = delete;
  UsbBulkLink& operator=(const UsbBulkLink&) = delete;
  UsbBulkLink(UsbBulkLink&&) = delete;
  UsbBulkLink& operator=(UsbBulkLink&&) = delete;

  std::string describe() const override {
    return "usb " + (selector_.vendor == 0 ? "(any " + selector_.what + ")"
                                           : hex_id(selector_.vendor, selector_.product));
  }
  bool is_open() const override { return handle_ != nullptr; }
  bool bidirectional() const override { return endpoints_.in != 0; }

  Result<Done, LinkError> open() override {
    close();
    if (init_rc_ != 0)
      return fail(LinkError{true, std::string("libusb: ") + libusb_strerror(init_rc_)});
    libusb_device** list = nullptr;
    const ssize_t count = libusb_get_device_list(context_, &list);
    if (count < 0)
      return fail(
          LinkError{true, std::string("libusb: ") + libusb_strerror(static_cast<int>(count))});
    libusb_device* chosen = nullptr;
    Endpoints endpoints;
    for (ssize_t i = 0; i < count && chosen == nullptr; ++i) {
      libusb_device_descriptor d{};
      if (libusb_get_device_descriptor(list[i], &d) != 0) continue;
      if (selector_.vendor != 0 &&
          (d.idVendor != selector_.vendor || d.idProduct != selector_.product))
        continue;
      Endpoints e = find_endpoints(list[i], selector_);
      if (e.interface < 0) continue;
      chosen = list[i];
      endpoints = e;
    }
    std::string problem;
    if (chosen == nullptr) {
      problem = "no USB " + selector_.what + " " + describe().substr(4);
    } else if (const int rc = libusb_open(chosen, &handle_); rc != 0) {
      problem = std::string("open: ") + libusb_strerror(rc);
      handle_ = nullptr;
    }
    libusb_free_device_list(list, 1);
    if (handle_ == nullptr) return fail(LinkError{true, describe() + ": " + problem});

    // A kernel driver (usblp for printers) may own the interface: take it over while we hold it.
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

  Result<Done, LinkError> write(std::span<const std::uint8_t> bytes, int timeout_ms) override {
    if (handle_ == nullptr) return fail(LinkError{true, describe() + ": not open"});
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

  Result<std::size_t, LinkError> read(std::span<std::uint8_t> buffer, int timeout_ms) override {
    if (handle_ == nullptr) return fail(LinkError{true, describe() + ": not open"});
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
  Failure<LinkError> give_up(int rc, const char* what) {
    close();
    return fail(LinkError{missing(rc), describe() + ": " + what + ": " + libusb_strerror(rc)});
  }

  UsbSelector selector_;
  libusb_context* context_ = nullptr;
  int init_rc_ = 0;
  libusb_device_handle* handle_ = nullptr;
  Endpoints endpoints_;
  bool reattach_ = false;
};

}  // namespace

std::unique_ptr<ByteLink> make_usb_bulk_link(UsbSelector selector) {
  return std::make_unique<UsbBulkLink>(std::move(selector));
}

}  // namespace yiwang::drivers
