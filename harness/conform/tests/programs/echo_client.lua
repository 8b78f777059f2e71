-- A correct echo-client in Lua 5.1 with LuaSocket: the address comes from
-- WORKBOOK_HOST and WORKBOOK_PORT.
local socket = require("socket")

local host = assert(os.getenv("WORKBOOK_HOST"), "WORKBOOK_HOST is not set")
local port = assert(tonumber(os.getenv("WORKBOOK_PORT")), "WORKBOOK_PORT is not set")
local client = assert(socket.connect(host, port))
client:settimeout(10)
assert(client:send("hello, workbook\r\n"))
-- The "*l" pattern reads one line and drops its CR LF.
local line = assert(client:receive("*l"))
print(line)
client:close()
