-- Generates the LuaSocket expectations that chapter 6's tests compare with.
--
-- Usage: lua5.1 gen_corpus.lua OP INPUT OUTPUT
-- Streams the file INPUT through the LuaSocket `mime` filters named by OP
-- (with ltn12, in LuaSocket's own 2048-byte blocks) and writes OUTPUT.
-- tools/regen.sh runs it over every input; tests/luasocket.rs runs it too when
-- lua5.1 and lua-socket are installed. Needs: lua5.1, lua-socket (Debian).

local ltn12 = require("ltn12")
local mime = require("mime")

-- rot13 is not part of LuaSocket: a plain Lua version, as the seed's exercise
-- asks, used to cross-check our rot13 corpus.
local function rot13()
  return function(chunk)
    if not chunk then return nil end
    return (chunk:gsub("%a", function(c)
      local base = c:match("%l") and 97 or 65
      return string.char((c:byte() - base + 13) % 26 + base)
    end))
  end
end

-- Each OP is a function returning a fresh (possibly chained) filter.
local ops = {
  b64 = function() return mime.encode("base64") end,
  b64wrap = function()
    return ltn12.filter.chain(mime.encode("base64"), mime.wrap("base64"))
  end,
  unb64 = function() return mime.decode("base64") end,
  qp = function()
    return ltn12.filter.chain(mime.normalize(),
      mime.encode("quoted-printable"), mime.wrap("quoted-printable"))
  end,
  qpraw = function() return mime.encode("quoted-printable") end,
  qpbin = function() return mime.encode("quoted-printable", "binary") end,
  qpwrap = function() return mime.wrap("quoted-printable") end,
  unqp = function() return mime.decode("quoted-printable") end,
  wrap = function() return mime.wrap("text", 76) end,
  normalize = function() return mime.normalize() end,
  stuff = function() return mime.stuff() end,
  rot13 = rot13,
}

local op, input, output = arg[1], arg[2], arg[3]
if not (op and ops[op] and input and output) then
  io.stderr:write("usage: lua5.1 gen_corpus.lua OP INPUT OUTPUT\n")
  io.stderr:write("OP is one of: b64 b64wrap unb64 qp qpraw qpbin qpwrap unqp wrap normalize stuff rot13\n")
  os.exit(2)
end

local src = ltn12.source.file(assert(io.open(input, "rb")))
local snk = ltn12.sink.chain(ops[op](), ltn12.sink.file(assert(io.open(output, "wb"))))
local ok, err = ltn12.pump.all(src, snk)
if not ok then
  io.stderr:write("gen_corpus: ", tostring(err), "\n")
  os.exit(1)
end
