package dev.parley.protocol.rest;

import java.util.List;

public record DeviceList(List<DeviceView> devices) {
    public DeviceList {
        devices = List.copyOf(devices);
    }
}
