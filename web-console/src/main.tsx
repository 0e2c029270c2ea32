import { render } from "preact";
render(<p>Cepheus</p>, document.getElementById("app")!);
