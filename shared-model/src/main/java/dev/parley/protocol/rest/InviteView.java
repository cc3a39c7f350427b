package dev.parley.protocol.rest;

/** A personal invite: whoever has the code (or link) can start a direct chat with its owner. */
public record InviteView(String code, String url) {
}
