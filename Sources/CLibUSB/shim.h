#ifndef BIOCAP_CLIBUSB_SHIM_H
#define BIOCAP_CLIBUSB_SHIM_H
#include <stddef.h>
#include <stdint.h>
#include <libusb-1.0/libusb.h>

/* libusb's isochronous helpers are static inline; give Swift plain functions to call. */
static inline unsigned char *biocap_iso_packet_buffer(struct libusb_transfer *transfer, unsigned int packet) {
    return libusb_get_iso_packet_buffer(transfer, packet);
}
static inline void biocap_set_iso_packet_lengths(struct libusb_transfer *transfer, unsigned int length) {
    libusb_set_iso_packet_lengths(transfer, length);
}
static inline struct libusb_iso_packet_descriptor *biocap_iso_packet(struct libusb_transfer *transfer, unsigned int packet) {
    return &transfer->iso_packet_desc[packet];
}
#endif
