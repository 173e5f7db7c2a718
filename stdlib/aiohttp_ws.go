package stdlib

import _ "embed"

// aiohttp's WebSocket parts, run into the aiohttp and aiohttp.web modules
// by aiohttp.go: aiohttp_ws.pya (WSMsgType, WSMessage, WSCloseCode,
// WebSocketError, ClientWebSocketResponse, ClientSession.ws_connect) and
// aiohttp_web_ws.pya (WebSocketResponse, WebSocketReady), both over the
// _websocket module (websocket_module.go).

var (
	//go:embed aiohttp_ws.pya
	aiohttpWSSource string
	//go:embed aiohttp_web_ws.pya
	aiohttpWebWSSource string
)
