// Copies the socket.io client from node_modules into web/vendor/ (committed),
// so the page works with no internet and no npm at run time.
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync(new URL("./vendor/", import.meta.url), { recursive: true });
copyFileSync(new URL("./node_modules/socket.io-client/dist/socket.io.min.js", import.meta.url),
             new URL("./vendor/socket.io.min.js", import.meta.url));
copyFileSync(new URL("./node_modules/socket.io-client/LICENSE", import.meta.url),
             new URL("./vendor/socket.io-client.LICENSE", import.meta.url));
console.log("web/vendor/socket.io.min.js updated");
