// The usbfs side of an emulated bulk device: SUBMITURB, REAPURB(NDELAY), DISCARDURB, the kernel
// driver ioctls, and removal, as libusb 1.0.26 uses them.
#include "support/emulated_usb.h"

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace yiwang::test {

namespace {

void finish_in(UMockdevIoctlData* urb_data, std::deque<std::uint8_t>& bulk_in) {
  auto* urb = reinterpret_cast<usbdevfs_urb*>(urb_data->data);
  int n = 0;
  // The handler runs in the test's own process: the URB buffer is directly addressable.
  auto* buffer = static_cast<std::uint8_t*>(urb->buffer);
  while (n < urb->buffer_length && !bulk_in.empty()) {
    buffer[n++] = bulk_in.front();
    bulk_in.pop_front();
  }
  urb->actual_length = n;
  urb->status = 0;
}

gboolean submit(EmulatedUsbDevice& m, UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
  UMockdevIoctlData* urb_data = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
  auto* urb = reinterpret_cast<usbdevfs_urb*>(urb_data->data);
  if (urb->type != USBDEVFS_URB_TYPE_BULK) {
    g_object_unref(urb_data);
    return FALSE;
  }
  if (urb->endpoint == m.out_endpoint) {
    UMockdevIoctlData* payload = umockdev_ioctl_data_resolve(
        urb_data, G_STRUCT_OFFSET(usbdevfs_urb, buffer), urb->buffer_length, nullptr);
    const std::span<const std::uint8_t> bytes{payload->data,
                                              static_cast<std::size_t>(urb->buffer_length)};
    m.bulk_out.insert(m.bulk_out.end(), bytes.begin(), bytes.end());
    if (m.on_out) {
      const auto replies = m.on_out(bytes);
      m.bulk_in.insert(m.bulk_in.end(), replies.begin(), replies.end());
    }
    g_object_unref(payload);
    urb->actual_length = urb->buffer_length;
    urb->status = 0;
    m.done.push_back(urb_data);
  } else if (urb->endpoint == m.in_endpoint) {
    if (!m.bulk_in.empty()) {
      finish_in(urb_data, m.bulk_in);
      m.done.push_back(urb_data);
    } else {
      m.waiting_in.push_back(urb_data);
    }
  } else {
    ++m.wrong_endpoint;
    g_object_unref(urb_data);
    umockdev_ioctl_client_complete(client, -1, EINVAL);
    return TRUE;
  }
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

gboolean reap(EmulatedUsbDevice& m, UMockdevIoctlClient* client, UMockdevIoctlData* arg) {
  while (!m.waiting_in.empty() && !m.bulk_in.empty()) {
    finish_in(m.waiting_in.front(), m.bulk_in);
    m.done.push_back(m.waiting_in.front());
    m.waiting_in.pop_front();
  }
  UMockdevIoctlData* ready = nullptr;
  if (!m.discarded.empty()) {
    ready = m.discarded.front();
    m.discarded.pop_front();
    reinterpret_cast<usbdevfs_urb*>(ready->data)->status = -ENOENT;
  } else if (!m.done.empty()) {
    ready = m.done.front();
    m.done.pop_front();
  }
  if (ready == nullptr) {
    umockdev_ioctl_client_complete(client, -1, EAGAIN);
    return TRUE;
  }
  UMockdevIoctlData* pointer = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), nullptr);
  umockdev_ioctl_data_set_ptr(pointer, 0, ready);
  g_object_unref(pointer);
  g_object_unref(ready);
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

gboolean handle_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer user_data) {
  auto& m = *static_cast<EmulatedUsbDevice*>(user_data);
  std::lock_guard lock(m.mutex);
  const gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  if (m.unplugged) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr);
      *reinterpret_cast<guint32*>(caps->data) =
          USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
          USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
      g_object_unref(caps);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    case USBDEVFS_GETDRIVER: {
      UMockdevIoctlData* d =
          umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr);
      if (m.driver_bound) {
        std::snprintf(reinterpret_cast<usbdevfs_getdriver*>(d->data)->driver,
                      USBDEVFS_MAXDRIVERNAME + 1, "%s", m.kernel_driver.c_str());
        umockdev_ioctl_client_complete(client, 0, 0);
      } else {
        umockdev_ioctl_client_complete(client, -1, ENODATA);
      }
      g_object_unref(d);
      return TRUE;
    }
    case USBDEVFS_IOCTL: {
      UMockdevIoctlData* d = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), nullptr);
      const int code = reinterpret_cast<usbdevfs_ioctl*>(d->data)->ioctl_code;
      g_object_unref(d);
      if (code == static_cast<int>(USBDEVFS_DISCONNECT)) {
        m.driver_bound = false;
        ++m.detaches;
      } else if (code == static_cast<int>(USBDEVFS_CONNECT)) {
        m.driver_bound = !m.kernel_driver.empty();
        ++m.attaches;
      }
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_SUBMITURB:
      return submit(m, client, arg);
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
      return reap(m, client, arg);
    case USBDEVFS_DISCARDURB: {
      const auto address = reinterpret_cast<gulong>(*reinterpret_cast<void**>(arg->data));
      for (auto it = m.waiting_in.begin(); it != m.waiting_in.end(); ++it) {
        if ((*it)->client_addr == address) {
          m.discarded.push_back(*it);
          m.waiting_in.erase(it);
          umockdev_ioctl_client_complete(client, 0, 0);
          return TRUE;
        }
      }
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    default:
      return FALSE;
  }
}

std::string hex(unsigned value, int digits) {
  char text[8];
  std::snprintf(text, sizeof text, "%0*x", digits, value);
  return text;
}

}  // namespace

std::string usb_descriptors(std::uint16_t vendor, std::uint16_t product, std::uint8_t iface_class,
                            std::uint8_t iface_subclass, std::uint8_t iface_protocol,
                            std::uint8_t out_endpoint, std::uint8_t in_endpoint) {
  // Device (18 bytes, USB 2.0, 64-byte EP0), configuration (9, total 32), interface (9, two
  // endpoints), then the two bulk endpoints (7 each, 64-byte packets). Multi-byte fields are
  // little-endian.
  auto le16 = [](unsigned v) { return hex(v & 0xFF, 2) + hex(v >> 8, 2); };
  return "12010002000000"
         "40" +
         le16(vendor) + le16(product) +
         "0001"
         "010203"
         "01" +
         "09022000010100c032" +
         "09040000"
         "02" +
         hex(iface_class, 2) + hex(iface_subclass, 2) + hex(iface_protocol, 2) + "00" + "0705" +
         hex(out_endpoint, 2) +
         "02"
         "4000"
         "00" +
         "0705" + hex(in_endpoint, 2) +
         "02"
         "4000"
         "00";
}

bool UsbTestbed::wrapped() {
  const char* preload = std::getenv("LD_PRELOAD");
  return preload != nullptr && std::strstr(preload, "umockdev") != nullptr;
}

std::string UsbTestbed::record() const {
  return "P: /devices/pci0000:00/0000:00:14.0/usb1/1-1\n"
         "N: bus/usb/001/002\n"
         "E: SUBSYSTEM=usb\n"
         "E: DEVTYPE=usb_device\n"
         "E: DEVNAME=/dev/bus/usb/001/002\n"
         "E: BUSNUM=001\n"
         "E: DEVNUM=002\n"
         "A: busnum=1\\n\n"
         "A: devnum=2\\n\n"
         "A: bConfigurationValue=1\\n\n"
         "A: speed=12\\n\n"
         "H: descriptors=" +
         descriptors_ + "\n";
}

UsbTestbed::UsbTestbed(EmulatedUsbDevice& device, std::string descriptors)
    : device_(device), descriptors_(std::move(descriptors)) {
  testbed_ = umockdev_testbed_new();
  handler_ = umockdev_ioctl_base_new();
  g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(handle_ioctl), &device_);
  GError* error = nullptr;
  umockdev_testbed_attach_ioctl(testbed_, "/dev/bus/usb/001/002", handler_, &error);
  plug_in();
}

UsbTestbed::~UsbTestbed() {
  g_object_unref(handler_);
  g_object_unref(testbed_);
}

void UsbTestbed::unplug() {
  {
    std::lock_guard lock(device_.mutex);
    device_.unplugged = true;
  }
  umockdev_testbed_remove_device(testbed_, "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1");
}

void UsbTestbed::plug_in() {
  {
    std::lock_guard lock(device_.mutex);
    device_.unplugged = false;
    device_.driver_bound = !device_.kernel_driver.empty();
  }
  GError* error = nullptr;
  umockdev_testbed_add_from_string(testbed_, record().c_str(), &error);
  if (error != nullptr) {
    std::fprintf(stderr, "umockdev: %s\n", error->message);
    g_error_free(error);
  }
}

}  // namespace yiwang::test
