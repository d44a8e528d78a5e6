-- wrk script: each request takes the next of the three pages in turn.
local paths = {
  "/centres/",
  "/centres/regional-tyumen/",
  "/surveys/ural-network-functions/",
}
local counter = 0

request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Host"] = "127.0.0.1" })
end
