import ExcelJS from "exceljs";

/** Everything a response shows, as text — HTML, turbo-stream data, CSV, or every cell of an .xlsx. */
export async function responseText(res: Response): Promise<string> {
  const type = res.headers.get("Content-Type") ?? "";
  if (type.includes("spreadsheetml")) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))));
    return cells.join("\n");
  }
  return res.text();
}

/** HTML as a reader sees the text: React's `<!-- -->` separators between text nodes removed. */
export async function pageText(res: Response): Promise<string> {
  return (await res.text()).replace(/<!-- -->/g, "");
}
