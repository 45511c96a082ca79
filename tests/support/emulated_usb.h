// An emulated USB device with one bulk OUT and one bulk IN endpoint, under umockdev: its usbfs
// ioctls are answered by an interactive handler, so libusb code runs unchanged against it.
// The test supplies what the device does with bytes on OUT; answers queue for IN.
#pragma once

#include <umockdev.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

namespace yiwang::test {

struct EmulatedUsbDevice {
  // What the device does with bytes on bulk OUT: the bytes it then has to send on bulk IN.
  // Called with `mutex` held.
  std::function<std::vector<std::uint8_t>(std::span<const std::uint8_t>)> on_out;
  std::uint8_t out_endpoint = 0x01;
  std::uint8_t in_endpoint = 0x81;
  std::string kernel_driver;  // bound at plug-in until the host detaches it ("usblp"); "" none

  std::mutex mutex;
  std::vector<std::uint8_t> bulk_out;  // everything the host wrote
  std::deque<std::uint8_t> bulk_in;    // answers not yet read
  bool driver_bound = false;
  bool unplugged = false;  // every request fails with ENODEV, as usbfs does after a removal
  int detaches = 0;
  int attaches = 0;
  int wrong_endpoint = 0;  // URBs for endpoints the descriptors do not have

  // Internal: URBs in flight.
  std::deque<UMockdevIoctlData*> done;
  std::deque<UMockdevIoctlData*> waiting_in;
  std::deque<UMockdevIoctlData*> discarded;
};

// The descriptor blob of a device with one interface and two bulk endpoints (64-byte packets).
std::string usb_descriptors(std::uint16_t vendor, std::uint16_t product, std::uint8_t iface_class,
                            std::uint8_t iface_subclass, std::uint8_t iface_protocol,
                            std::uint8_t out_endpoint, std::uint8_t in_endpoint);

class UsbTestbed {
 public:
  // `descriptors` as usb_descriptors() makes them; the device appears at bus 1, device 2.
  UsbTestbed(EmulatedUsbDevice& device, std::string descriptors);
  ~UsbTestbed();
  UsbTestbed(const UsbTestbed&) = delete;
  UsbTestbed& operator=(const UsbTestbed&) = delete;
  UsbTestbed(UsbTestbed&&) = delete;
  UsbTestbed& operator=(UsbTestbed&&) = delete;

  void unplug();
  void plug_in();
  // True when running under umockdev-wrapper (its preload library is loaded).
  static bool wrapped();

 private:
  std::string record() const;
  EmulatedUsbDevice& device_;
  std::string descriptors_;
  UMockdevTestbed* testbed_ = nullptr;
  UMockdevIoctlBase* handler_ = nullptr;
};

}  // namespace yiwang::test
